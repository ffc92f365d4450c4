import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../../http/env.js';
import type { CompatError } from '../errors.js';

// Anthropic's error envelope, whose status the SDK maps to its typed errors (NotFoundError, …).

export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'billing_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'overloaded_error';

export function anthropicErrorType(status: number): AnthropicErrorType {
  switch (status) {
    case 401:
      return 'authentication_error';
    case 402:
      return 'billing_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case 503:
      return 'overloaded_error';
  }
  return status >= 500 ? 'api_error' : 'invalid_request_error';
}

export function anthropicErrorResponse(c: Context<AppEnv>, e: CompatError): Response {
  const requestId = c.get('requestId') ?? null;
  if (requestId) c.header('request-id', requestId);
  return c.json(
    { type: 'error', error: { type: anthropicErrorType(e.status), message: e.message, code: e.code }, request_id: requestId },
    e.status as ContentfulStatusCode,
  );
}
