import type { MiddlewareHandler } from 'hono';
import type { AccessLog } from '../../logging/access-log.js';
import type { HttpRecorder } from '../../metrics/http-recorder.js';
import type { AppEnv, StreamCounter } from '../env.js';
import { routePattern } from './route-pattern.js';

/**
 * Each request's access line and metrics: one timing, one lookup of the route that answered
 * (its pattern, never the raw path, so that labels stay few whatever clients send).
 */
export function observe(accessLog: AccessLog, metrics?: { recorder: HttpRecorder; streams: StreamCounter }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    if (metrics) c.set('streams', metrics.streams);
    try {
      await next();
    } finally {
      const ms = performance.now() - started;
      const route = routePattern(c);
      const status = c.res.status;
      metrics?.recorder.record(c.req.method, route, status, ms, c.error);
      accessLog({
        requestId: c.get('requestId'),
        method: c.req.method,
        route,
        path: c.req.path,
        status,
        ms: Math.round(ms * 10) / 10,
        sessionId: c.get('sessionId'),
        key: c.get('caller')?.owner,
      });
    }
  };
}
