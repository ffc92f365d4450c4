import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { CompatError } from '../errors.js';

// OpenAI's error envelope: {error:{message,type,param,code}}; `code` is our stable code, lower-cased.

function typeFor(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 409) return 'conflict_error';
  if (status === 429) return 'rate_limit_exceeded';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

export function openaiErrorBody(e: CompatError, param: string | null = null) {
  return { error: { message: e.message, type: typeFor(e.status), param, code: e.code.toLowerCase() } };
}

export function openaiErrorResponse(c: Context, e: CompatError): Response {
  return c.json(openaiErrorBody(e), e.status as ContentfulStatusCode);
}
