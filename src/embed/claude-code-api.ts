import type { ServerType } from '@hono/node-server';
import { Hono, type MiddlewareHandler } from 'hono';
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { RateLimits } from '../auth/rate-limits.js';
import type { Config } from '../config.js';
import { configFromOptions, OptionsError, parseOptions, type ClaudeCodeApiOptions } from '../config/options.js';
import { createApp } from '../http/app.js';
import type { AppEnv } from '../http/env.js';
import { errorBody } from '../http/middleware/errors.js';
import { createLogger } from '../logging/logger.js';
import { createRuntime, createRuntimeMetrics, type Runtime } from '../runtime.js';
import type { SessionService } from '../sessions/session-service.js';
import { lateBound } from './late-bound.js';
import { SharedState } from '../shared-state/shared-state.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

export interface ClaudeCodeApi {
  /** A Hono app: mount it (`host.route('/api/v1', api.app)`) or serve `api.app.fetch`. */
  app: Hono<AppEnv>;
  /** Resolves once stored sessions are restored; requests that arrive earlier wait for it. */
  ready: Promise<void>;
  /** Interrupts running turns, kills what remains after SHUTDOWN_GRACE_MS, flushes the store. */
  close: () => Promise<void>;
  config: Config;
  logger: Logger;
  /** The domain objects, once ready (undefined before, or when disabled). */
  readonly runtime: Runtime | undefined;
  /** Hands the node server's WebSocket upgrades to the API (`/sessions/:id/ws`); call once it listens. */
  injectWebSocket: (server: ServerType) => void;
}

// What an embedder passes besides config; `config` itself is the standalone server's way in.
const NOT_CONFIG = new Set(['enabled', 'mount', 'logger', 'config']);

/** The API as a Hono app plus its shutdown handle: the one way both embedders and the server start it. */
export function createClaudeCodeApi(options: ClaudeCodeApiOptions = {}): ClaudeCodeApi {
  const o = parseOptions(options);
  if (o.config) {
    const extra = Object.keys(o).filter((k) => !NOT_CONFIG.has(k) && o[k as keyof typeof o] !== undefined);
    if (extra.length) throw new OptionsError([`config cannot be combined with ${extra.join(', ')}`]);
  }
  const config = o.config ?? configFromOptions(o);
  const logger = o.logger ?? createLogger(config.logLevel);
  if (o.enabled === false) return disabledApi(config, logger);

  let runtime: Runtime | undefined;
  // Made first: the app counts requests and serves /metrics before the runtime is ready.
  const metrics = createRuntimeMetrics();
  // Stateless until used, and on every request's path: made here, not looked up through the runtime.
  // Shared mode (REDIS_URL): limits, tickets and the session router live in Redis, for every replica.
  const shared = config.shared ? new SharedState(config, config.shared, logger) : null;
  const rateLimits = shared ? shared.rateLimits : config.rateLimit.enabled ? new RateLimits(config.rateLimit) : null;
  const ready = createRuntime(config, logger, { metrics, rateLimits, shared }).then((r) => {
    runtime = r;
  });
  // Handled here (logged, requests answer 500); awaiting `ready` still sees the error.
  ready.catch((err: unknown) => logger.error({ err }, 'claude-code-api failed to start'));

  const waitForRuntime: MiddlewareHandler<AppEnv> = async (c, next) => {
    await ready.catch(() => undefined);
    if (!runtime) return c.json(errorBody(c, 'INTERNAL', 'the API failed to start; the server log says why'), 500);
    return next();
  };
  // Once ready, a pass-through without an async frame of its own: it is on every request's path.
  const gate: MiddlewareHandler<AppEnv> = (c, next) => (runtime ? next() : waitForRuntime(c, next));
  // One app, not a host app wrapping this one: Hono wraps every route of a mounted app that has its
  // own error handler in a further compose, a cost paid by every request.
  const app = createApp({
    config,
    logger,
    gate,
    service: lateBound<SessionService>('the session service', () => runtime?.service),
    rateLimits,
    info: {
      version: pkg.version,
      cliVersion: () => runtime?.cliVersion() ?? null,
      sandbox: () => runtime?.sandbox ?? null,
      spawner: () => runtime?.spawner ?? null,
      credential: () => runtime?.credential() ?? null,
      startedAt: Date.now(),
    },
    metrics,
    usage: () => runtime?.usage,
    managedAgents: () => runtime?.managedAgents,
    mount: o.mount ?? 'root',
    ...(shared
      ? {
          wsTickets: shared.tickets,
          router: { locate: (id: string) => shared.cluster.locate(id), get nodeId() { return shared.cluster.nodeId; }, get secret() { return shared.cluster.secret; } },
        }
      : {}),
  });

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= ready.then(
      () => runtime!.close(),
      () => undefined,
    ));
  return {
    app,
    ready,
    close,
    config,
    logger,
    // WebSocket upgrades bypass fetch: the host's node server must hand them over.
    injectWebSocket: app.injectWebSocket,
    get runtime() {
      return runtime;
    },
  };
}

/** `enabled: false`: nothing starts, and every request says so (503 API_DISABLED). */
function disabledApi(config: Config, logger: Logger): ClaudeCodeApi {
  const app = new Hono<AppEnv>();
  app.all('*', (c) => c.json(errorBody(c, 'API_DISABLED', 'this API is disabled (enabled: false)'), 503));
  return { app, ready: Promise.resolve(), close: async () => undefined, config, logger, runtime: undefined, injectWebSocket: () => {} };
}
