import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.js';

/** One log line per request: method, route, status, duration, request and session ids. */
export function accessLog(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    c.get('logger').info(
      {
        method: c.req.method,
        route: c.req.routePath,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        sessionId: c.get('sessionId'),
        // The key's name, never the key.
        key: c.get('caller')?.owner,
      },
      'request',
    );
  };
}
