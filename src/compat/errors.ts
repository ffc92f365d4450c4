import type { Context, ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ApiError, type ErrorCode } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { apiPath } from '../http/middleware/paths.js';
import { anthropicErrorResponse } from './managed-agents/errors.js';
import { openaiErrorResponse } from './openai/errors.js';

export const MANAGED_AGENTS_PREFIX = '/v1';
export const OPENAI_PREFIX = '/openai/v1';

/** The error as a surface sees it: our stable code, its HTTP status and the message. */
export interface CompatError {
  code: ErrorCode;
  status: number;
  message: string;
}

/** Any thrown value as a CompatError, or null when it is not one of ours (a bug: logged as INTERNAL). */
export function asCompatError(err: unknown): CompatError | null {
  if (err instanceof ApiError) return { code: err.code, status: err.status, message: err.message };
  if (err instanceof HTTPException && err.status === 413) return { code: 'PAYLOAD_TOO_LARGE', status: 413, message: err.message || 'request body too large' };
  return null;
}

type Surface = 'managed-agents' | 'openai' | null;

export function surfaceOf(c: Context<AppEnv>): Surface {
  const p = apiPath(c);
  if (p === OPENAI_PREFIX || p.startsWith(`${OPENAI_PREFIX}/`)) return 'openai';
  if (p === MANAGED_AGENTS_PREFIX || p.startsWith(`${MANAGED_AGENTS_PREFIX}/`)) return 'managed-agents';
  return null;
}

/**
 * The app's error handler, speaking each surface's own error shape: errors thrown before a
 * compat route is reached (auth, rate limits, body limit) land here, not in the route's app.
 */
export function compatAwareOnError(native: ErrorHandler<AppEnv>): ErrorHandler<AppEnv> {
  return (err, c) => {
    const surface = surfaceOf(c);
    if (surface === null) return native(err, c);
    const e = asCompatError(err);
    if (!e) c.get('logger')?.error({ err }, 'unhandled error');
    const known = e ?? { code: 'INTERNAL' as const, status: 500, message: 'internal error' };
    if (known.code === 'UNAUTHENTICATED') c.header('WWW-Authenticate', 'Bearer realm="claude-code-api"');
    if (known.code === 'PAYLOAD_TOO_LARGE') c.header('Connection', 'close');
    return surface === 'openai' ? openaiErrorResponse(c, known) : anthropicErrorResponse(c, known);
  };
}
