import type { Context } from 'hono';
import { basePath } from 'hono/route';
import type { AppEnv } from '../env.js';

export const API_PREFIX = '/api/v1';

/**
 * A request path relative to the API: without the host's mount point (an embedder may mount the
 * app anywhere; `c.req.path` is the full path) and without `/api/v1` when served at both prefixes.
 * Call it from a middleware of the app itself, whose base path is the mount point.
 */
export function apiPath(c: Context): string {
  // Asked by several middlewares of one request (auth, rate limits, body limit): worked out once.
  const known = (c as Context<AppEnv>).get('apiPath');
  if (known !== undefined) return known;
  const path = relativePath(c);
  (c as Context<AppEnv>).set('apiPath', path);
  return path;
}

function relativePath(c: Context): string {
  const base = basePath(c);
  let path = c.req.path;
  if (base !== '/' && base !== '' && path.startsWith(base)) path = path.slice(base.length) || '/';
  if (path === API_PREFIX) return '/';
  return path.startsWith(`${API_PREFIX}/`) ? path.slice(API_PREFIX.length) : path;
}
