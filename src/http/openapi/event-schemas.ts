import { CliAssistant, CliResult, CliStreamEvent, CliSystem, CliUser } from '../../cli/cli-events.js';
import { ErrorCode } from '../../errors.js';
import type { SessionEvent as SessionEventType } from '../../sessions/events.js';
import { EndReason, FileChanges, ResultSummary, TurnError, TurnStatus } from './result-schemas.js';
import { z } from './zod.js';

// The SessionEvent union of src/sessions/events.ts as zod schemas, for the document and the client.
// The type check at the bottom fails to compile when the two drift apart.

const envelope = {
  id: z.number().int().meta({ description: 'Per-session increasing id (the SSE `id:`; resume with `Last-Event-ID`).', example: 42 }),
  sessionId: z.string().meta({ example: 'k3x9q2m8v7b1n4c6z0a5' }),
  at: z.string().meta({ description: 'When it was published (ISO 8601).', example: '2025-01-01T12:00:00.000Z' }),
  turnId: z.string().meta({ example: 't_8f2k4m9x1c3v' }),
};
const event = <T extends string, S extends z.ZodRawShape>(type: T, name: string, description: string, shape: S) =>
  z.strictObject({ type: z.literal(type), ...envelope, ...shape }).openapi(name, { description });

// The CLI's own stream-json lines, kept loose: the CLI adds fields between versions.
const cli = {
  system: CliSystem.openapi('CliSystemMessage'),
  assistant: CliAssistant.openapi('CliAssistantMessage'),
  user: CliUser.openapi('CliUserMessage'),
  stream: CliStreamEvent.openapi('CliStreamEventMessage'),
  result: CliResult.openapi('CliResultMessage'),
};
const errorCode = z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]);

export const SessionEvent = z
  .discriminatedUnion('type', [
    event('turn_started', 'TurnStartedEvent', 'A turn began (it may still wait for a slot).', {
      turnNumber: z.number().int(),
      continued: z.boolean().meta({ description: 'Runs with `--continue` (the session already has a conversation).' }),
      prompt: z.string(),
    }),
    event('queued', 'QueuedEvent', 'Waiting for a CLI slot (`MAX_CONCURRENT_TURNS`).', { position: z.number().int() }),
    event('process_started', 'ProcessStartedEvent', 'The CLI process started.', { pid: z.number().int().nullable() }),
    event('system', 'SystemEvent', "The CLI's `system` line.", { message: cli.system }),
    event('assistant', 'AssistantEvent', 'What Claude said or which tool it called.', { message: cli.assistant }),
    event('user', 'UserEvent', 'Tool results fed back to Claude.', { message: cli.user }),
    event('stream_event', 'StreamEventEvent', 'A token delta (only with `partial`).', { message: cli.stream }),
    event('result', 'ResultEvent', "The CLI's final `result` line.", { message: cli.result }),
    event('warning', 'WarningEvent', 'A line the service could not use.', {
      code: z.enum(['INVALID_LINE', 'UNKNOWN_LINE', 'UNHANDLED_CONTROL', 'CONTEXT_RESET']),
      message: z.string(),
      data: z.unknown().optional(),
    }),
    event('context_reset', 'ContextResetEvent', 'A `--continue` turn reported another conversation id: the context was lost.', {
      previousClaudeSessionId: z.string(),
      claudeSessionId: z.string(),
    }),
    event('permission_request', 'PermissionRequestEvent', 'A tool waits for approval.', {
      requestId: z.string(),
      toolName: z.string(),
      input: z.record(z.string(), z.unknown()),
      suggestions: z.array(z.unknown()),
      toolUseId: z.string().nullable(),
      expiresAt: z.string(),
    }),
    event('permission_resolved', 'PermissionResolvedEvent', 'A permission request was answered or withdrawn.', {
      requestId: z.string(),
      toolName: z.string(),
      decision: z.enum(['allow', 'deny', 'withdrawn']),
      by: z.enum(['client', 'policy', 'timeout', 'cli', 'turn_ended']),
      message: z.string().nullable(),
    }),
    event('permission_mode_changed', 'PermissionModeChangedEvent', 'The permission mode of the running turn changed.', { mode: z.string() }),
    event('budget_exceeded', 'BudgetExceededEvent', 'The turn reached a spend cap (the session\'s maxBudgetUsd or the key\'s KEY_BUDGET_USD) and the CLI stopped it.', {
      scope: z.enum(['session', 'key']),
      budgetUsd: z.number(),
      spentUsd: z.number(),
    }),
    event('error', 'ErrorEvent', 'The turn failed.', { code: errorCode, message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
    event('turn_finished', 'TurnFinishedEvent', 'Always the last event of a turn.', {
      status: TurnStatus,
      text: z.string(),
      result: ResultSummary.nullable(),
      error: TurnError.nullable(),
      endReason: EndReason,
      files: FileChanges.nullable(),
      durationMs: z.number(),
    }),
  ])
  .openapi('SessionEvent', { description: 'One event of a session: SSE `data:`, a JSON reply\'s `events`, history.' });

export const StreamDone = z
  .strictObject({
    reason: z.enum(['finished', 'overflow', 'closed', 'store_unavailable']).meta({
      description: '`overflow`: the client fell `SUBSCRIBER_BUFFER` events behind. `store_unavailable` (shared mode): the replica lost Redis while tailing; reconnect with Last-Event-ID.',
    }),
    lastEventId: z.number().int().nullable(),
  })
  .openapi('StreamDone', { description: 'The data of the final `done` SSE message.' });

export const SseData = z
  .union([SessionEvent, StreamDone])
  .openapi('SseData', {
    description:
      'Each SSE message has `event: <type>`, `id: <event id>` and JSON `data` (a SessionEvent); keep-alive comments come every `SSE_KEEPALIVE_MS`; the stream ends with `event: done` (StreamDone) and closes.',
  });

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// Fails to compile when src/sessions/events.ts gains or changes an event this file does not model.
export const eventsInSync: Same<z.output<typeof SessionEvent>, SessionEventType> = true;
