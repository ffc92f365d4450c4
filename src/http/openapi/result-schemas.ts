import { ErrorCode } from '../../errors.js';
import { z } from './zod.js';

// The parts of a turn's outcome shared by replies, events and history (src/sessions/events.ts).

export const TurnStatus = z
  .enum(['completed', 'failed', 'interrupted'])
  .openapi('TurnStatus', { description: '`failed`: the CLI reported an error or the turn timed out; `interrupted`: stopped on request.' });

export const Usage = z
  .strictObject({
    inputTokens: z.number().int(),
    outputTokens: z.number().int(),
    cacheCreationInputTokens: z.number().int(),
    cacheReadInputTokens: z.number().int(),
  })
  .openapi('Usage');

export const ResultSummary = z
  .strictObject({
    isError: z.boolean(),
    subtype: z.string().meta({ example: 'success' }),
    text: z.string().nullable(),
    costUsd: z.number().meta({ example: 0.0123 }),
    usage: Usage,
    durationMs: z.number().nullable(),
    durationApiMs: z.number().nullable(),
    numTurns: z.number().int().nullable(),
    claudeSessionId: z.string().nullable().meta({ description: "The CLI's conversation id (what `--continue` resumes)." }),
    apiErrorStatus: z.number().int().nullable(),
  })
  .openapi('ResultSummary', { description: "The CLI's `result` line, summarized." });

export const TurnError = z
  .strictObject({
    code: z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi('TurnError', { description: 'Why a turn failed (same codes as error responses).' });

export const FileChanges = z
  .strictObject({
    created: z.array(z.string()),
    modified: z.array(z.string()),
    deleted: z.array(z.string()),
    truncated: z.boolean().meta({ description: 'The workspace had more entries than the scan reads: the lists may be incomplete.' }),
  })
  .openapi('FileChanges', { description: 'What a turn changed in its workspace (a bounded before/after scan).' });

export const EndReason = z
  .string()
  .nullable()
  .meta({ description: 'Why the turn ended early: interrupt, cancel, shutdown, timeout, idle, server_restart.', example: null });
