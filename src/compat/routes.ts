import { Hono } from 'hono';
import type { Config } from '../config.js';
import type { AppEnv } from '../http/env.js';
import type { SessionService } from '../sessions/session-service.js';
import { ApiError } from '../errors.js';
import { MANAGED_AGENTS_PREFIX, OPENAI_PREFIX } from './errors.js';
import { managedAgentsRoutes } from './managed-agents/routes.js';
import type { ManagedAgents } from './managed-agents/service.js';
import { openaiRoutes } from './openai/routes.js';
import type { CompatSchemas } from './schemas.js';

export interface CompatDeps {
  service: SessionService;
  config: Config;
  schemas: CompatSchemas;
  /** Agents, environments and Managed Agents sessions (a getter: the runtime may start after the app). */
  managedAgents: () => ManagedAgents | undefined;
}

/** The surfaces other SDKs speak, each under its own prefix (mounted at the app's root). */
export function compatRoutes(deps: CompatDeps) {
  const app = new Hono<AppEnv>();
  app.route(OPENAI_PREFIX, openaiRoutes(deps.service, deps.config, deps.schemas.openai));
  const agents = () => deps.managedAgents() ?? unavailable();
  app.route(MANAGED_AGENTS_PREFIX, managedAgentsRoutes(agents, deps.config, deps.schemas.managedAgents));
  return app;
}

function unavailable(): never {
  throw new ApiError('API_DISABLED', 'the Managed Agents surface is not available in this embedding');
}
