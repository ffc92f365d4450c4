import type { Context, MiddlewareHandler } from 'hono';
import { ANONYMOUS_CALLER, LOCAL_CALLER, type Caller } from '../../auth/caller.js';
import { findKey } from '../../auth/keys.js';
import type { RateLimiter } from '../../auth/rate-limits.js';
import type { TicketBook } from '../../auth/ws-tickets.js';
import type { AuthConfig, RoutePattern } from '../../config.js';
import { ApiError } from '../../errors.js';
import type { AppEnv } from '../env.js';
import { requestHeader } from '../node-bindings.js';
import { apiPath } from './paths.js';

/** The token of an `Authorization: Bearer <token>` header value, or null. */
export function bearerToken(authorization: string | undefined): string | null {
  return authorization === undefined ? null : (/^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1] ?? null);
}

function presentedKey(c: Context): string | null {
  const header = requestHeader(c, 'x-api-key');
  if (header !== undefined) return header;
  const bearer = bearerToken(requestHeader(c, 'authorization'));
  if (bearer !== null) return bearer;
  // Browsers cannot set headers on a WebSocket: the key may ride as a `bearer.<key>` subprotocol.
  if (requestHeader(c, 'upgrade')?.toLowerCase() === 'websocket') {
    const proto = (requestHeader(c, 'sec-websocket-protocol') ?? '').split(',').map((p) => p.trim());
    const carried = proto.find((p) => p.startsWith('bearer.'));
    if (carried) return carried.slice('bearer.'.length);
  }
  return null;
}

// Public: health, the API description, its docs page and the console's files (the console signs in
// itself, with the key in every API call). /metrics checks its own token or an admin key.
const PUBLIC_GET = /^\/(health|openapi\.json|docs|docs\/assets\/[^/]+|metrics|console|console\/|console\/[^/]+|)$/;

const WS_ROUTE = /^\/sessions\/([^/]+)\/ws\/?$/;

function compile(patterns: RoutePattern[]) {
  return patterns.map((p) => ({
    method: p.method,
    re: new RegExp(`^${p.path.replace(/[.*]/g, (ch) => (ch === '*' ? '.*' : '\\.')).replace(/:[A-Za-z]+/g, '[^/]+')}/?$`),
  }));
}

/** Who is calling: a key's name, the local tenant (auth off), or anonymous on a public route. */
export function authenticate(auth: AuthConfig, limits: RateLimiter | null, tickets?: TicketBook): MiddlewareHandler<AppEnv> {
  const required = auth.require === 'all' ? null : compile(auth.require);
  const needsKey = (method: string, path: string) => {
    if (method === 'GET' && PUBLIC_GET.test(path)) return false;
    return required === null || required.some((r) => (r.method === '*' || r.method === method) && r.re.test(path));
  };
  const unauthenticated = () => new ApiError('UNAUTHENTICATED', 'a valid API key is required (x-api-key header or Authorization: Bearer)');
  const tooMany = () => new ApiError('RATE_LIMITED', 'too many failed authentication attempts');
  const refuse = (c: Context<AppEnv>): never | Promise<never> => {
    // Guessing keys costs budget too: failures count per client address.
    const failures = limits?.consume('authFailures', `ip:${c.get('clientIp')}`);
    if (failures instanceof Promise) {
      return failures.then((d) => {
        throw d.allowed ? unauthenticated() : tooMany();
      });
    }
    if (failures && !failures.allowed) throw tooMany();
    throw unauthenticated();
  };
  return (c, next) => {
    // Authenticated by the replica that forwarded it (the caller came with it).
    if (c.get('forwarded')) return next();
    if (auth.disabled) {
      c.set('caller', LOCAL_CALLER);
      return next();
    }
    const key = presentedKey(c);
    if (key !== null) {
      const entry = findKey(auth.keys, key);
      if (!entry) {
        // A METRICS_TOKEN is not an API key: /metrics judges it itself.
        if (c.req.method === 'GET' && apiPath(c) === '/metrics') {
          c.set('caller', ANONYMOUS_CALLER);
          return next();
        }
        return refuse(c);
      }
      c.set('caller', { owner: entry.name, admin: entry.admin });
      return next();
    }
    const ticket = c.req.query('ticket');
    const ws = WS_ROUTE.exec(apiPath(c));
    if (ticket !== undefined && ws && tickets) {
      // A ticket is worth one connection to the session it was issued for.
      const redeemed = (caller: Caller | null) => {
        if (!caller) return refuse(c);
        c.set('caller', caller);
        return next();
      };
      const caller = tickets.redeem(ticket, decodeURIComponent(ws[1]!));
      return caller instanceof Promise ? caller.then(redeemed) : redeemed(caller);
    }
    if (needsKey(c.req.method, apiPath(c))) return refuse(c);
    c.set('caller', ANONYMOUS_CALLER);
    return next();
  };
}
