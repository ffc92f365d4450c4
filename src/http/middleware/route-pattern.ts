import type { Context } from 'hono';
import { matchedRoutes } from 'hono/route';
import { API_PREFIX } from './paths.js';

/**
 * The pattern of the route that answered (`/sessions/:id`, without `/api/v1`), or null when none
 * matched: what logs and metrics name a request by, so that labels stay few whatever clients send.
 */
export function routePattern(c: Context): string | null {
  const routes = matchedRoutes(c);
  for (let i = routes.length - 1; i >= 0; i--) {
    const r = routes[i]!;
    // Middleware is registered for ALL methods; a route for one.
    if (r.method === 'ALL') continue;
    return r.path.startsWith(`${API_PREFIX}/`) ? r.path.slice(API_PREFIX.length) : r.path;
  }
  return null;
}
