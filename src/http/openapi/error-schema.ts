import type { ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { codeToStatus, ErrorCode } from '../../errors.js';
import { z } from './zod.js';

// What each code means, for the document: a Record, so a new code fails to compile until described.
export const ERROR_MEANINGS: Record<ErrorCode, string> = {
  INVALID_JSON: 'the body is not JSON',
  VALIDATION_FAILED: 'a field or query parameter is wrong or unknown (`details.fields` lists them)',
  UNAUTHENTICATED: 'missing or wrong API key (same answer for both)',
  RATE_LIMITED: 'a rate-limit budget is spent (`Retry-After` says when to retry)',
  NOT_FOUND: 'no such route',
  METHOD_NOT_ALLOWED: 'the route exists, not with this method (`Allow` lists the methods it has)',
  SESSION_NOT_FOUND: 'no such session, or another key\'s session',
  CLAUDE_SESSION_NOT_FOUND: '`resumeClaudeSessionId` names no conversation this key may resume',
  IMPORT_NOT_ALLOWED: '`importWorkspace` for a conversation that ran outside `RESUME_IMPORT_ROOTS`',
  BUDGET_EXCEEDED: 'a spend cap is reached: the session\'s `maxBudgetUsd` or the key\'s `KEY_BUDGET_USD` for the period (`details` has the figures)',
  PERMISSION_NOT_FOUND: 'no pending permission request with this id (unknown, or already answered)',
  PERMISSION_WITHDRAWN: 'the CLI withdrew this permission request before it was answered',
  SESSION_BUSY: 'the session already has a turn queued or running',
  NO_ACTIVE_TURN: 'no turn is running',
  PAYLOAD_TOO_LARGE: 'the body is over `BODY_LIMIT_BYTES` (uploads: `MAX_UPLOAD_BYTES`)',
  SESSION_LIMIT: '`MAX_SESSIONS` (or `MAX_SESSIONS_PER_KEY`) reached',
  QUEUE_FULL: '`MAX_QUEUED_TURNS` turns already wait',
  SHUTTING_DOWN: 'the server is stopping',
  API_DISABLED: 'an embedded API created with `enabled: false`',
  CLI_FAILED: 'the CLI ended without a result (`details` has exit code, signal, stderr tail)',
  CLI_NOT_AUTHENTICATED: 'the service has no Anthropic credential: the operator sets ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN, CLAUDE_CODE_OAUTH_TOKEN) or logs in with `claude` as the service\'s user',
  SANDBOX_FAILED: 'the session\'s sandbox could not be set up or started (`details.reason`); the CLI never ran unsandboxed',
  SANDBOX_UNAVAILABLE: 'the host has no working sandbox (`SANDBOX=auto`) and this session could run Bash: refused unless the operator sets `SANDBOX=none`',
  TURN_TIMEOUT: 'the turn ran past `TURN_TIMEOUT_MS` or went silent for `TURN_IDLE_TIMEOUT_MS`',
  INTERNAL: 'a bug: report it with the request id',
  STORE_UNAVAILABLE: 'shared mode: Redis cannot be reached; retry (the service recovers by itself when Redis is back)',
  SESSION_UNAVAILABLE: 'shared mode: the session\'s owner is out of reach, or its files are not on storage this replica sees (`details.reason`)',
  INVALID_PATH: 'a path is malformed, escapes lexically, or names the root where a file is needed',
  PATH_OUTSIDE_WORKSPACE: 'the path resolves outside the workspace through a symbolic link',
  FILE_NOT_FOUND: 'no such file or directory',
  NOT_A_FILE: 'a directory (or FIFO…) where a file is needed',
  NOT_A_DIRECTORY: 'a file where a directory is needed',
  PATH_CONFLICT: 'a file where a directory is needed (or the reverse), or a path uploaded twice',
  DIRECTORY_NOT_EMPTY: 'deleting a non-empty directory without `recursive=true`',
  PRECONDITION_FAILED: '`If-Match` / `If-None-Match` did not hold (`details.etag` is the current one)',
  RANGE_NOT_SATISFIABLE: 'the range starts past the end of the file',
  WORKSPACE_FULL: 'the upload would take the workspace past `WORKSPACE_MAX_BYTES`',
  INVALID_ARCHIVE: 'not a readable .tar(.gz), or an unsafe entry',
  CONFLICT: 'the resource changed meanwhile (Managed Agents: `version` is not the agent\'s current version)',
  FORBIDDEN: 'this key may not do this (Managed Agents: organization-wide environments are changed by admin keys only)',
};

const codes = Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]];

export const ErrorBody = z
  .strictObject({
    error: z.strictObject({
      code: z.enum(codes).meta({ description: 'One closed set of codes; each maps to one HTTP status.' }),
      message: z.string().meta({ description: 'For people; may change between versions.' }),
      requestId: z.string().nullable().meta({ description: 'Echoed in the `X-Request-Id` header; quote it in bug reports.' }),
      details: z.unknown().optional().meta({ description: 'Code-specific: `fields` for VALIDATION_FAILED, exit code and stderr for CLI_FAILED, …' }),
    }),
  })
  .openapi('Error', { description: 'Every error response has this body.' });

const plain = (code: ErrorCode) => ERROR_MEANINGS[code].replaceAll('`', '');

/** The error responses of a route, one per status, each listing its codes with an example apiece. */
export function errorResponses(list: readonly ErrorCode[]) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set(list)) {
    const status = codeToStatus(code);
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const out: Record<string, ResponseConfig> = {};
  for (const [status, statusCodes] of [...byStatus].sort((a, b) => a[0] - b[0])) {
    const examples = Object.fromEntries(
      statusCodes.map((code) => [
        code,
        { summary: plain(code), value: { error: { code, message: plain(code), requestId: 'req_V1StGXR8Z5jdHi6B' } } },
      ]),
    );
    out[String(status)] = {
      description: statusCodes.map((code) => `\`${code}\`: ${ERROR_MEANINGS[code]}`).join('; '),
      content: { 'application/json': { schema: ErrorBody, examples } },
    };
  }
  return out;
}
