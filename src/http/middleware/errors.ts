import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ApiError, codeToStatus, type ErrorCode } from '../../errors.js';
import type { AppEnv } from '../env.js';

export function errorBody(c: Context<AppEnv>, code: ErrorCode, message: string, details?: unknown) {
  return {
    error: { code, message, requestId: c.get('requestId') ?? null, ...(details === undefined ? {} : { details }) },
  };
}

/** The one place errors become responses: `{error:{code,message,requestId,details?}}`. */
export const onError: ErrorHandler<AppEnv> = (err, c) => {
  // The unread rest of an oversized body would poison the connection: tell the client not to reuse it.
  if (err instanceof ApiError && (err.code === 'PAYLOAD_TOO_LARGE' || err.code === 'WORKSPACE_FULL')) c.header('Connection', 'close');
  if (err instanceof ApiError && err.code === 'UNAUTHENTICATED') c.header('WWW-Authenticate', 'Bearer realm="claude-code-api"');
  if (err instanceof ApiError) {
    return c.json(errorBody(c, err.code, err.message, err.details), err.status);
  }
  if (err instanceof HTTPException && err.status === 413) {
    return c.json(errorBody(c, 'PAYLOAD_TOO_LARGE', err.message || 'request body too large'), 413);
  }
  c.get('logger')?.error({ err }, 'unhandled error');
  return c.json(errorBody(c, 'INTERNAL', 'internal error'), codeToStatus('INTERNAL'));
};

/** 404 for a path no route has; 405 with `Allow` for a path that has routes, with other methods. */
export function notFoundOrNotAllowed(routes: ReadonlyArray<{ method: string; path: string }>, prefixes: readonly string[]): NotFoundHandler<AppEnv> {
  const patterns = routes
    .filter((r) => r.method !== 'ALL' && !r.path.includes('*'))
    .map((r) => ({ method: r.method, re: new RegExp(`^${r.path.replace(/[.+?^$()|[\]\\]/g, '\\$&').replace(/:[A-Za-z]+/g, '[^/]+')}$`) }));
  return (c) => {
    let p = c.req.path;
    for (const prefix of prefixes) if (p.startsWith(prefix + '/')) p = p.slice(prefix.length);
    const methods = [...new Set(patterns.filter((r) => r.re.test(p)).map((r) => r.method))];
    if (methods.length === 0) return c.json(errorBody(c, 'NOT_FOUND', `no route for ${c.req.method} ${c.req.path}`), 404);
    if (methods.includes('GET')) methods.push('HEAD');
    c.header('Allow', methods.join(', '));
    return c.json(errorBody(c, 'METHOD_NOT_ALLOWED', `${c.req.method} is not allowed here; allowed: ${methods.join(', ')}`), 405);
  };
}
