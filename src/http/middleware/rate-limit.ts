import type { Context, MiddlewareHandler } from 'hono';
import type { RateDecision, RateLimiter } from '../../auth/rate-limits.js';
import { ApiError } from '../../errors.js';
import type { AppEnv } from '../env.js';
import { setResponseHeader } from '../node-bindings.js';
import { apiPath } from './paths.js';

// Requests that start a CLI process draw from the stricter turn budget as well.
const TURN_STARTING = [/^\/sessions\/?$/, /^\/sessions\/[^/]+\/messages\/?$/, /^\/sessions\/[^/]+\/stream\/?$/];

// By method first: most requests are neither POSTs nor streams, and need no API path worked out.
function startsTurn(c: Context): boolean {
  const method = c.req.method;
  if (method === 'GET') return c.req.path.includes('/stream') && TURN_STARTING[2]!.test(apiPath(c));
  if (method !== 'POST') return false;
  const path = apiPath(c);
  return TURN_STARTING[0]!.test(path) || TURN_STARTING[1]!.test(path);
}

/** Per key (per client address for anonymous and local callers), with RateLimit-* headers. */
export function rateLimit(limits: RateLimiter): MiddlewareHandler<AppEnv> {
  const decide = (c: Context<AppEnv>, decision: RateDecision, next: () => Promise<void>) => {
    setResponseHeader(c, 'RateLimit-Limit', String(decision.limit));
    setResponseHeader(c, 'RateLimit-Remaining', String(decision.remaining));
    setResponseHeader(c, 'RateLimit-Reset', String(decision.resetSeconds));
    if (!decision.allowed) {
      setResponseHeader(c, 'Retry-After', String(decision.resetSeconds));
      throw new ApiError('RATE_LIMITED', `rate limit of ${decision.limit} requests per window reached; retry in ${decision.resetSeconds} s`);
    }
    return next();
  };
  return (c, next) => {
    // Already counted by the replica that forwarded it.
    if (c.get('forwarded')) return next();
    const caller = c.get('caller');
    const key = caller.owner === 'anonymous' || caller.owner === 'local' ? `ip:${c.get('clientIp')}` : `key:${caller.owner}`;
    const general = limits.consume('general', key);
    // The in-process limiter answers at once: no promise on every request's path.
    if (!(general instanceof Promise)) {
      if (!general.allowed || !startsTurn(c)) return decide(c, general, next);
      const turns = limits.consume('turns', key);
      return turns instanceof Promise ? turns.then((d) => decide(c, d, next)) : decide(c, turns, next);
    }
    return general.then(async (g) => decide(c, g.allowed && startsTurn(c) ? await limits.consume('turns', key) : g, next));
  };
}
