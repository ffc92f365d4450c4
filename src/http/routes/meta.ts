import { Hono } from 'hono';
import type { Config } from '../../config.js';
import type { SessionService } from '../../sessions/session-service.js';
import type { AppEnv } from '../env.js';
import type { SandboxReport } from '../../sandbox/launcher.js';

export interface ServiceInfo {
  version: string;
  cliVersion: () => string | null;
  /** How CLIs are confined; null until the runtime is up. */
  sandbox: () => SandboxReport | null;
  /** Who starts CLIs (`SPAWN_HELPER`); null until the runtime is up. */
  spawner: () => 'helper' | 'direct' | null;
  /** The kind of model credential the gateway holds; null until the runtime is up. */
  credential: () => string | null;
  startedAt: number;
}

export function metaRoutes(service: SessionService, config: Config, info: ServiceInfo) {
  const app = new Hono<AppEnv>();

  app.get('/health', (c) => {
    const stats = service.stats();
    const status = service.isShuttingDown ? 'shutting_down' : 'ok';
    return c.json(
      {
        status,
        version: info.version,
        cliVersion: info.cliVersion(),
        uptimeSeconds: Math.round((Date.now() - info.startedAt) / 1000),
        sessions: { total: stats.sessions, activeTurns: stats.activeTurns, queuedTurns: stats.queuedTurns },
        prestart: stats.prestart,
        tailing: stats.tailing,
        limits: { maxSessions: config.maxSessions, maxConcurrentTurns: config.maxConcurrentTurns },
        sandbox: info.sandbox(),
        spawner: info.spawner(),
        gateway: { credential: info.credential() },
      },
      status === 'ok' ? 200 : 503,
    );
  });

  app.get('/models', (c) =>
    c.json({ default: config.defaultModel, models: config.models.map((id) => ({ id, default: id === config.defaultModel })) }),
  );

  return app;
}
