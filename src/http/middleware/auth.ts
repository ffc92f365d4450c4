import type { Context, MiddlewareHandler } from 'hono';
import { ANONYMOUS_CALLER, LOCAL_CALLER } from '../../auth/caller.js';
import { findKey } from '../../auth/keys.js';
import type { RateLimits } from '../../auth/rate-limits.js';
import type { AuthConfig, RoutePattern } from '../../config.js';
import { ApiError } from '../../errors.js';
import type { AppEnv } from '../env.js';
import { apiPath } from './paths.js';

function presentedKey(c: Context): string | null {
  const header = c.req.header('x-api-key');
  if (header !== undefined) return header;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
  return m ? m[1]! : null;
}

function compile(patterns: RoutePattern[]) {
  return patterns.map((p) => ({
    method: p.method,
    re: new RegExp(`^${p.path.replace(/[.*]/g, (ch) => (ch === '*' ? '.*' : '\\.')).replace(/:[A-Za-z]+/g, '[^/]+')}/?$`),
  }));
}

/** Who is calling: a key's name, the local tenant (auth off), or anonymous on a public route. */
export function authenticate(auth: AuthConfig, limits: RateLimits | null): MiddlewareHandler<AppEnv> {
  const required = auth.require === 'all' ? null : compile(auth.require);
  const needsKey = (method: string, path: string) => {
    if (method === 'GET' && path === '/health') return false;
    return required === null || required.some((r) => (r.method === '*' || r.method === method) && r.re.test(path));
  };
  const refuse = async (c: Context<AppEnv>): Promise<never> => {
    // Guessing keys costs budget too: failures count per client address.
    if (limits && !(await limits.consume('authFailures', `ip:${c.get('clientIp')}`)).allowed) {
      throw new ApiError('RATE_LIMITED', 'too many failed authentication attempts');
    }
    throw new ApiError('UNAUTHENTICATED', 'a valid API key is required (x-api-key header or Authorization: Bearer)');
  };
  return async (c, next) => {
    if (auth.disabled) {
      c.set('caller', LOCAL_CALLER);
      return next();
    }
    const key = presentedKey(c);
    if (key !== null) {
      const entry = findKey(auth.keys, key);
      if (!entry) return refuse(c);
      c.set('caller', { owner: entry.name, admin: entry.admin });
      return next();
    }
    if (needsKey(c.req.method, apiPath(c.req.path))) return refuse(c);
    c.set('caller', ANONYMOUS_CALLER);
    return next();
  };
}
