// One closed set of error codes and one code→status map, as every response body names a code.

export const ErrorCode = {
  INVALID_JSON: 'INVALID_JSON',
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  RATE_LIMITED: 'RATE_LIMITED',
  NOT_FOUND: 'NOT_FOUND',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  SESSION_NOT_FOUND: 'SESSION_NOT_FOUND',
  CLAUDE_SESSION_NOT_FOUND: 'CLAUDE_SESSION_NOT_FOUND',
  PERMISSION_NOT_FOUND: 'PERMISSION_NOT_FOUND',
  PERMISSION_WITHDRAWN: 'PERMISSION_WITHDRAWN',
  IMPORT_NOT_ALLOWED: 'IMPORT_NOT_ALLOWED',
  SESSION_BUSY: 'SESSION_BUSY',
  NO_ACTIVE_TURN: 'NO_ACTIVE_TURN',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  BUDGET_EXCEEDED: 'BUDGET_EXCEEDED',
  SESSION_LIMIT: 'SESSION_LIMIT',
  QUEUE_FULL: 'QUEUE_FULL',
  SHUTTING_DOWN: 'SHUTTING_DOWN',
  API_DISABLED: 'API_DISABLED',
  CLI_FAILED: 'CLI_FAILED',
  SANDBOX_FAILED: 'SANDBOX_FAILED',
  CLI_NOT_AUTHENTICATED: 'CLI_NOT_AUTHENTICATED',
  SANDBOX_UNAVAILABLE: 'SANDBOX_UNAVAILABLE',
  TURN_TIMEOUT: 'TURN_TIMEOUT',
  INTERNAL: 'INTERNAL',
  // Shared mode: Redis cannot be reached, or a session's owner or its files are out of reach.
  STORE_UNAVAILABLE: 'STORE_UNAVAILABLE',
  SESSION_UNAVAILABLE: 'SESSION_UNAVAILABLE',
  // Workspace files.
  INVALID_PATH: 'INVALID_PATH',
  PATH_OUTSIDE_WORKSPACE: 'PATH_OUTSIDE_WORKSPACE',
  FILE_NOT_FOUND: 'FILE_NOT_FOUND',
  NOT_A_FILE: 'NOT_A_FILE',
  NOT_A_DIRECTORY: 'NOT_A_DIRECTORY',
  PATH_CONFLICT: 'PATH_CONFLICT',
  DIRECTORY_NOT_EMPTY: 'DIRECTORY_NOT_EMPTY',
  PRECONDITION_FAILED: 'PRECONDITION_FAILED',
  RANGE_NOT_SATISFIABLE: 'RANGE_NOT_SATISFIABLE',
  WORKSPACE_FULL: 'WORKSPACE_FULL',
  INVALID_ARCHIVE: 'INVALID_ARCHIVE',
  // Managed Agents surface.
  CONFLICT: 'CONFLICT',
  FORBIDDEN: 'FORBIDDEN',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export function codeToStatus(code: ErrorCode): 400 | 401 | 402 | 403 | 404 | 405 | 409 | 412 | 413 | 416 | 429 | 500 | 502 | 503 | 504 {
  switch (code) {
    case 'UNAUTHENTICATED':
      return 401;
    case 'BUDGET_EXCEEDED':
      return 402;
    case 'INVALID_JSON':
    case 'VALIDATION_FAILED':
    case 'INVALID_PATH':
    case 'NOT_A_FILE':
    case 'NOT_A_DIRECTORY':
    case 'INVALID_ARCHIVE':
      return 400;
    case 'PATH_OUTSIDE_WORKSPACE':
    case 'FORBIDDEN':
      return 403;
    case 'NOT_FOUND':
    case 'SESSION_NOT_FOUND':
    case 'CLAUDE_SESSION_NOT_FOUND':
    case 'PERMISSION_NOT_FOUND':
    case 'FILE_NOT_FOUND':
      return 404;
    case 'IMPORT_NOT_ALLOWED':
      return 403;
    case 'METHOD_NOT_ALLOWED':
      return 405;
    case 'PERMISSION_WITHDRAWN':
    case 'SESSION_BUSY':
    case 'NO_ACTIVE_TURN':
    case 'PATH_CONFLICT':
    case 'DIRECTORY_NOT_EMPTY':
    case 'CONFLICT':
      return 409;
    case 'PRECONDITION_FAILED':
      return 412;
    case 'PAYLOAD_TOO_LARGE':
    case 'WORKSPACE_FULL':
      return 413;
    case 'RANGE_NOT_SATISFIABLE':
      return 416;
    case 'SESSION_LIMIT':
    case 'QUEUE_FULL':
    case 'RATE_LIMITED':
      return 429;
    case 'SHUTTING_DOWN':
    case 'API_DISABLED':
    case 'SANDBOX_UNAVAILABLE':
    case 'CLI_NOT_AUTHENTICATED':
    case 'STORE_UNAVAILABLE':
    case 'SESSION_UNAVAILABLE':
      return 503;
    case 'CLI_FAILED':
    case 'SANDBOX_FAILED':
      return 502;
    case 'TURN_TIMEOUT':
      return 504;
    case 'INTERNAL':
      return 500;
  }
}

/** The one error type the domain throws; the HTTP layer turns it into `{error:{code,...}}`. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
  get status() {
    return codeToStatus(this.code);
  }
}
