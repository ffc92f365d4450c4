import { Hono } from 'hono';
import type { Config } from '../config.js';
import type { AppEnv } from '../http/env.js';
import type { SessionService } from '../sessions/session-service.js';
import { OPENAI_PREFIX } from './errors.js';
import { openaiRoutes } from './openai/routes.js';
import type { CompatSchemas } from './schemas.js';

export interface CompatDeps {
  service: SessionService;
  config: Config;
  schemas: CompatSchemas;
}

/** The surfaces other SDKs speak, each under its own prefix (mounted at the app's root). */
export function compatRoutes(deps: CompatDeps) {
  const app = new Hono<AppEnv>();
  app.route(OPENAI_PREFIX, openaiRoutes(deps.service, deps.config, deps.schemas.openai));
  return app;
}
