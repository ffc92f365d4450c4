import { PERMISSION_MODES } from '../../config.js';
import { SessionEvent } from './event-schemas.js';
import { EndReason, FileChanges, ResultSummary, TurnError, TurnStatus, Usage } from './result-schemas.js';
import { z } from './zod.js';

// Response bodies of the session and turn routes: the shapes of src/http/views.ts.

const iso = (description?: string) => z.string().meta({ description, example: '2025-01-01T12:00:00.000Z' });

export const TurnReply = z
  .strictObject({
    sessionId: z.string(),
    turnId: z.string().meta({ example: 't_8f2k4m9x1c3v' }),
    status: TurnStatus,
    response: z.string().meta({ description: "The final text (the Python design's `.json()[\"response\"]`).", example: 'fixture: hello' }),
    result: ResultSummary.nullable(),
    error: TurnError.nullable(),
    endReason: EndReason,
    files: FileChanges.nullable(),
    durationMs: z.number(),
    events: z.array(SessionEvent).meta({ description: "The turn's events without token deltas, at most `MAX_TURN_EVENTS`." }),
    eventsDropped: z.number().int(),
  })
  .openapi('TurnReply', { description: 'The whole turn, once it ended.' });

export const Session = z
  .strictObject({
    id: z.string().meta({ example: 'k3x9q2m8v7b1n4c6z0a5' }),
    owner: z.string().meta({ description: "The name of the API key that created it (`local` without auth).", example: 'alice' }),
    name: z.string().nullable(),
    status: z.enum(['idle', 'queued', 'running', 'waiting_permission']),
    model: z.string().meta({ example: 'sonnet' }),
    permissionMode: z.enum(PERMISSION_MODES),
    allowedTools: z.array(z.string()),
    disallowedTools: z.array(z.string()),
    appendSystemPrompt: z.string().nullable(),
    maxTurns: z.number().int().nullable(),
    permissionPolicy: z
      .union([z.enum(['deny', 'ask']), z.array(z.string())])
      .meta({ description: '`deny`, `ask` (the API client decides), or the tools allowed without asking.' }),
    rememberedTools: z.array(z.string()).meta({ description: 'Tools the client allowed for the whole session (`remember: "session"`).' }),
    maxBudgetUsd: z.number().nullable().meta({ description: "The session's spend cap, if any." }),
    allowedDomains: z.array(z.string()).meta({ description: "Domains this session's sandbox may reach through the egress proxy, besides the server's `SANDBOX_ALLOW_DOMAINS`." }),
    processMode: z.enum(['per-turn', 'warm']).meta({ description: '`warm`: one CLI process kept alive between turns (`WARM_IDLE_MS`, `MAX_WARM_PROCESSES`).' }),
    workspace: z.string().meta({ description: "The session's directory on the server." }),
    claudeSessionId: z.string().nullable(),
    createdAt: iso(),
    lastActivityAt: iso(),
    expiresAt: iso('Null while a turn runs: a running session never expires.').nullable(),
    turnCount: z.number().int(),
    currentTurnId: z.string().nullable(),
    lastTurn: z
      .strictObject({ id: z.string(), status: TurnStatus, finishedAt: iso(), error: TurnError.nullable() })
      .nullable(),
    // A new object, not Usage.extend: that becomes an allOf of two closed objects no value can match.
    totals: z.strictObject({ ...Usage.shape, costUsd: z.number() }),
    lastEventId: z.number().int(),
  })
  .openapi('Session');

export const SessionReply = z.strictObject({ session: Session }).openapi('SessionReply');

export const CreateSessionReply = z
  .strictObject({
    session: Session,
    response: z.string().optional().meta({ description: 'With an initial prompt: the first turn\'s final text.' }),
    turn: TurnReply.optional(),
  })
  .openapi('CreateSessionReply');

export const SessionList = z
  .strictObject({ sessions: z.array(Session), nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page.' }) })
  .openapi('SessionList');

export const DeleteReply = z.strictObject({ id: z.string(), deleted: z.literal(true), workspaceKept: z.boolean() }).openapi('DeleteSessionReply');

export const InterruptReply = z
  .strictObject({ sessionId: z.string(), turnId: z.string(), status: TurnStatus, response: z.string().meta({ description: 'The partial text.' }) })
  .openapi('InterruptReply');

const ConversationItem = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('text'), text: z.string() }),
  z.strictObject({ kind: z.literal('tool_use'), toolUseId: z.string(), name: z.string(), input: z.unknown() }),
  z.strictObject({ kind: z.literal('tool_result'), toolUseId: z.string(), isError: z.boolean(), content: z.unknown() }),
]);

export const ConversationPage = z
  .strictObject({
    sessionId: z.string(),
    turns: z.array(
      z
        .strictObject({
          turnId: z.string(),
          number: z.number().int(),
          prompt: z.string(),
          status: z.enum(['completed', 'failed', 'interrupted', 'running']),
          startedAt: iso(),
          finishedAt: iso().nullable(),
          durationMs: z.number().nullable(),
          items: z.array(ConversationItem),
          response: z.string().nullable(),
          result: ResultSummary.nullable(),
          error: TurnError.nullable(),
          endReason: EndReason,
          files: FileChanges.nullable(),
        })
        .openapi('ConversationTurn'),
    ),
    nextCursor: z.number().int().nullable().meta({ description: 'A turn number: pass as `cursor` for the next page.' }),
  })
  .openapi('ConversationPage');
