import type { Context } from 'hono';
import type { AppEnv } from '../env.js';

/** The `:id` of a session route, remembered for the access log. Validation is the service's. */
export function sessionParam(c: Context<AppEnv>): string {
  const id = c.req.param('id') ?? '';
  c.set('sessionId', id.slice(0, 64));
  return id;
}
