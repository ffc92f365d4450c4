import type { ServerType } from '@hono/node-server';
import { createNodeWebSocket } from '@hono/node-ws';
import { Hono, type MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { RateLimiter } from '../auth/rate-limits.js';
import { WsTickets, type TicketBook } from '../auth/ws-tickets.js';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { WorkspaceFiles } from '../files/workspace-files.js';
import type { SessionService } from '../sessions/session-service.js';
import type { AppEnv } from './env.js';
import { makeFileSchemas } from './file-schemas.js';
import { authenticate } from './middleware/auth.js';
import { API_PREFIX, apiPath } from './middleware/paths.js';
import { rateLimit } from './middleware/rate-limit.js';
import { readBody } from './middleware/body.js';
import { notFoundOrNotAllowed, onError } from './middleware/errors.js';
import { fileRoutes, isUploadRoute } from './routes/files.js';
import { historyRoutes } from './routes/history.js';
import { permissionRoutes } from './routes/permissions.js';
import { metaRoutes, type ServiceInfo } from './routes/meta.js';
import { sessionRoutes } from './routes/sessions.js';
import { turnRoutes } from './routes/turns.js';
import { wsRoutes } from './routes/ws.js';
import { usageRoutes } from './routes/usage.js';
import type { UsageLedger } from '../usage/ledger.js';
import { makeSchemas } from './schemas.js';
// Adds `.openapi()` to zod before the schemas the document names are made (zod 4 copies methods onto each schema as it is made).
import './openapi/zod.js';
import { lazyDocument } from './openapi/lazy-document.js';
import { docsRoutes } from './routes/docs.js';
import { consoleRoutes } from './routes/console.js';
import { metricsRoutes } from './routes/metrics.js';
import { accessLogFor, type AccessLog } from '../logging/access-log.js';
import { observe } from './middleware/observe.js';
import { acceptForwarded, forwardToOwner, type SessionRouter } from './middleware/forward.js';
import { requestContext } from './middleware/request-context.js';
import type { Metrics } from '../metrics/metrics.js';
import { compatRoutes } from '../compat/routes.js';
import { compatSessionTargets } from '../compat/forwarding.js';
import { makeCompatSchemas } from '../compat/schemas.js';
import { compatAwareOnError } from '../compat/errors.js';
import type { ManagedAgents } from '../compat/managed-agents/service.js';

export interface AppDeps {
  config: Config;
  logger: Logger;
  service: SessionService;
  info: ServiceInfo;
  /** Null when rate limiting is off. */
  rateLimits: RateLimiter | null;
  /** The workspace files domain; built from the config when not given. */
  files?: WorkspaceFiles;
  /** The usage ledger (a getter: an embedder's runtime starts after the app exists). */
  usage?: () => UsageLedger | undefined;
  /** Browser WebSocket tickets; a fresh store when not given. */
  wsTickets?: TicketBook;
  /** Prometheus metrics (the runtime's registry); without it there is no /metrics and no counting. */
  metrics?: Metrics;
  /** Runs before everything else (the embedding's wait for the runtime to be ready). */
  gate?: MiddlewareHandler<AppEnv>;
  /** Where access lines go; by default the logger's (see accessLogFor). */
  accessLog?: AccessLog;
  /** Shared mode: sends a session's requests on to the replica that runs it. */
  router?: SessionRouter;
  /** The Managed Agents surface's state (a getter, like `usage`); without it /v1 answers 503. */
  managedAgents?: () => ManagedAgents | undefined;
  /** `both`: routes at `/api/v1/...` and at the root (the standalone server); `root`: once, for an embedder's prefix. */
  mount?: 'both' | 'root';
}

/** The HTTP API: validation and routing only; everything stateful lives in the deps. */
export function createApp(deps: AppDeps) {
  const { config, service } = deps;
  const schemas = makeSchemas(config);
  const fileSchemas = makeFileSchemas(config);
  const compatSchemas = makeCompatSchemas(config);
  const files =
    deps.files ??
    new WorkspaceFiles({ maxUploadBytes: config.maxUploadBytes, workspaceMaxBytes: config.workspaceMaxBytes, maxListEntries: config.maxListEntries });
  const app = new Hono<AppEnv>();
  // The WebSocket server hands upgrades back through `app`, so it is made before the routes.
  installErrorEvent();
  const nodeWs = createNodeWebSocket({ app });
  // Offered `claude-code-api` is the protocol chosen; a `bearer.<key>` entry is never echoed back.
  nodeWs.wss.options.handleProtocols = (protocols: Set<string>) => (protocols.has('claude-code-api') ? 'claude-code-api' : false);
  // A frame over the body limit is refused by the socket layer (close 1009) before it is buffered or parsed.
  nodeWs.wss.options.maxPayload = config.bodyLimitBytes;
  const tickets = deps.wsTickets ?? new WsTickets();
  const api = new Hono<AppEnv>();
  api.route('/', metaRoutes(service, config, deps.info));
  api.route('/', sessionRoutes(service, config, schemas, files));
  api.route('/', turnRoutes(service, config, schemas));
  api.route('/', historyRoutes(service, config, schemas));
  api.route('/', permissionRoutes(service, schemas));
  api.route('/', usageRoutes(service, config, schemas, deps.usage ?? (() => undefined)));
  api.route('/', wsRoutes(service, schemas, nodeWs.upgradeWebSocket, tickets));
  api.route('/', fileRoutes(service, files, fileSchemas, config.maxListEntries));
  // The OpenAPI document is generated from the very schema objects the routes validate with.
  api.route('/', docsRoutes(lazyDocument({ schemas, fileSchemas, compat: compatSchemas, version: deps.info.version })));
  if (deps.metrics) api.route('/', metricsRoutes(deps.metrics.registry, config.metricsToken));

  if (deps.gate) app.use(deps.gate);
  app.use(requestContext(deps.logger, config.trustProxy));
  // Early, so refusals by auth, rate limits and body limits are logged and counted too.
  const metrics = deps.metrics ? { recorder: deps.metrics.http, streams: deps.metrics.streams } : undefined;
  app.use(observe(deps.accessLog ?? accessLogFor(deps.logger), metrics));
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
  if (deps.router) app.use(acceptForwarded(deps.router));
  app.use(authenticate(config.auth, deps.rateLimits, tickets));
  if (deps.rateLimits) app.use(rateLimit(deps.rateLimits));
  const limitBody = readBody(config.bodyLimitBytes);
  // File uploads stream to disk under their own MAX_UPLOAD_BYTES, counted by the files domain.
  // GET and HEAD requests have no body.
  app.use((c, next) => {
    const method = c.req.method;
    return method === 'GET' || method === 'HEAD' || isUploadRoute(method, apiPath(c)) ? next() : limitBody(c, next);
  });
  // After the body limit: a chat completion's body names the session it continues.
  if (deps.router) app.use(forwardToOwner(deps.router, nodeWs.upgradeWebSocket, compatSessionTargets(service)));
  // The web console, beside the API (never under /api/v1); it calls the API relative to itself.
  app.route('/', consoleRoutes({ apiBase: (deps.mount ?? 'both') === 'both' ? `..${API_PREFIX}` : '..' }));
  // The Managed Agents (/v1) and OpenAI (/openai/v1) surfaces, beside our own.
  app.route('/', compatRoutes({ service, config, schemas: compatSchemas, managedAgents: deps.managedAgents ?? (() => undefined) }));
  if ((deps.mount ?? 'both') === 'both') app.route(API_PREFIX, api);
  // The Python design's paths, served unchanged at the root (or at the embedder's mount point).
  app.route('/', api);
  app.onError(compatAwareOnError(onError));
  app.notFound(notFoundOrNotAllowed(api.routes, [API_PREFIX]));
  // Still a Hono app; the server calls injectWebSocket(server) once it listens.
  return Object.assign(app, { injectWebSocket: (server: ServerType) => nodeWs.injectWebSocket(server as Parameters<typeof nodeWs.injectWebSocket>[0]) });
}

// @hono/node-ws reports a socket error (a frame over maxPayload, say) as `new ErrorEvent(...)`, a
// global only from Node 22 on: without one, Node 20 logs a ReferenceError instead.
function installErrorEvent(): void {
  if (typeof (globalThis as { ErrorEvent?: unknown }).ErrorEvent !== 'undefined') return;
  class ErrorEvent extends Event {
    readonly error: unknown;
    readonly message: string;
    constructor(type: string, init: { error?: unknown; message?: string } = {}) {
      super(type);
      this.error = init.error;
      this.message = init.message ?? (init.error instanceof Error ? init.error.message : '');
    }
  }
  (globalThis as { ErrorEvent?: unknown }).ErrorEvent = ErrorEvent;
}
