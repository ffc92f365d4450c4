import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { ApiError } from '../errors.js';
import type { AppEnv, StreamCounter } from '../http/env.js';
import type { Instruments } from './instruments.js';

const PREFIX = '/api/v1';

// The matched route pattern, never the raw path: labels stay few whatever clients send.
function routeLabel(c: Context): string {
  const route = matchedRoutes(c).findLast((r) => r.method !== 'ALL');
  if (!route) return 'unmatched';
  return route.path.startsWith(`${PREFIX}/`) ? route.path.slice(PREFIX.length) : route.path;
}

/** Counts and times every request; hands the stream counter to the SSE relay. */
export function httpMetrics(m: Instruments, streams: StreamCounter): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    c.set('streams', streams);
    try {
      await next();
    } finally {
      const route = routeLabel(c);
      const method = c.req.method;
      m.httpRequests.inc({ route, method, status: String(c.res.status) });
      m.httpDuration.observe({ route, method }, (performance.now() - started) / 1000);
      if (c.error instanceof ApiError && c.error.code === 'RATE_LIMITED') m.rateLimited.inc({ route });
    }
  };
}
