import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import type { RateLimits } from '../auth/rate-limits.js';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { ApiError } from '../errors.js';
import { WorkspaceFiles } from '../files/workspace-files.js';
import type { SessionService } from '../sessions/session-service.js';
import type { AppEnv } from './env.js';
import { makeFileSchemas } from './file-schemas.js';
import { accessLog } from './middleware/access-log.js';
import { authenticate } from './middleware/auth.js';
import { clientIp } from './middleware/client-ip.js';
import { API_PREFIX, apiPath } from './middleware/paths.js';
import { rateLimit } from './middleware/rate-limit.js';
import { notFound, onError } from './middleware/errors.js';
import { requestId } from './middleware/request-id.js';
import { fileRoutes, isUploadRoute } from './routes/files.js';
import { historyRoutes } from './routes/history.js';
import { metaRoutes, type ServiceInfo } from './routes/meta.js';
import { sessionRoutes } from './routes/sessions.js';
import { turnRoutes } from './routes/turns.js';
import { makeSchemas } from './schemas.js';

export interface AppDeps {
  config: Config;
  logger: Logger;
  service: SessionService;
  info: ServiceInfo;
  /** Null when rate limiting is off. */
  rateLimits: RateLimits | null;
  /** The workspace files domain; built from the config when not given. */
  files?: WorkspaceFiles;
}

/** The HTTP API: validation and routing only; everything stateful lives in the deps. */
export function createApp(deps: AppDeps) {
  const { config, service } = deps;
  const schemas = makeSchemas(config);
  const files =
    deps.files ??
    new WorkspaceFiles({ maxUploadBytes: config.maxUploadBytes, workspaceMaxBytes: config.workspaceMaxBytes, maxListEntries: config.maxListEntries });
  const api = new Hono<AppEnv>();
  api.route('/', metaRoutes(service, config, deps.info));
  api.route('/', sessionRoutes(service, config, schemas, files));
  api.route('/', turnRoutes(service, config, schemas));
  api.route('/', historyRoutes(service, config, schemas));
  api.route('/', fileRoutes(service, files, makeFileSchemas(config), config.maxListEntries));

  const app = new Hono<AppEnv>();
  app.use(requestId(deps.logger));
  app.use(accessLog());
  app.use(clientIp(config.trustProxy));
  app.use(secureHeaders());
  if (config.corsOrigins.length > 0) {
    app.use(
      cors({
        origin: config.corsOrigins,
        allowHeaders: ['Content-Type', 'Authorization', 'X-Api-Key', 'X-Request-Id', 'Last-Event-ID'],
        exposeHeaders: ['X-Request-Id', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'Retry-After'],
        maxAge: 600,
      }),
    );
  }
  app.use(authenticate(config.auth, deps.rateLimits));
  if (deps.rateLimits) app.use(rateLimit(deps.rateLimits));
  const limitBody = bodyLimit({
    maxSize: config.bodyLimitBytes,
    onError: () => {
      throw new ApiError('PAYLOAD_TOO_LARGE', `request body over ${config.bodyLimitBytes} bytes`);
    },
  });
  // File uploads stream to disk under their own MAX_UPLOAD_BYTES, counted by the files domain.
  app.use((c, next) => (isUploadRoute(c.req.method, apiPath(c.req.path)) ? next() : limitBody(c, next)));
  app.route(API_PREFIX, api);
  // The Python design's paths, served unchanged at the root.
  app.route('/', api);
  app.onError(onError);
  app.notFound(notFound);
  return app;
}
