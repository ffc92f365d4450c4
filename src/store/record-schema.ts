import { z } from 'zod';
import { PERMISSION_MODES } from '../config.js';
import { ErrorCode } from '../errors.js';
import type { SessionRecord } from '../sessions/session.js';

// Records read back from disk are validated like any other input: a file edited by hand or
// cut short by a crash is reported, not trusted.

const Usage = {
  inputTokens: z.number(),
  outputTokens: z.number(),
  cacheCreationInputTokens: z.number(),
  cacheReadInputTokens: z.number(),
};

const TurnError = z.object({ code: z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]), message: z.string(), details: z.record(z.string(), z.unknown()).optional() });

export const RecordSchema = z.object({
  version: z.literal(1),
  id: z.string().regex(/^[0-9a-z]{20}$/),
  owner: z.string(),
  name: z.string().nullable(),
  options: z.object({
    model: z.string(),
    permissionMode: z.enum(PERMISSION_MODES),
    allowedTools: z.array(z.string()).optional(),
    disallowedTools: z.array(z.string()).optional(),
    appendSystemPrompt: z.string().optional(),
    maxTurns: z.number().optional(),
    permissionPolicy: z.union([z.enum(['deny', 'ask']), z.array(z.string())]).optional(),
    maxBudgetUsd: z.number().optional(),
    processMode: z.enum(['per-turn', 'warm']).optional(),
    allowedDomains: z.array(z.string()).optional(),
    mcpServers: z.record(z.string(), z.object({ type: z.literal('http'), url: z.string() })).optional(),
  }),
  workspace: z.string(),
  claudeSessionId: z.string().nullable(),
  createdAt: z.number(),
  lastActivityAt: z.number(),
  turnCount: z.number(),
  totals: z.object({ costUsd: z.number(), ...Usage }),
  lastTurn: z
    .object({
      id: z.string(),
      status: z.enum(['completed', 'failed', 'interrupted']),
      finishedAt: z.string(),
      error: TurnError.nullable(),
    })
    .nullable(),
  activeTurn: z
    .object({ id: z.string(), prompt: z.string(), startedAt: z.number(), pid: z.number().nullable(), pidStartTime: z.string().nullable() })
    .nullable(),
  rememberedTools: z.array(z.string()).default([]),
  warmProcess: z.object({ pid: z.number(), pidStartTime: z.string() }).nullable().default(null),
  lastEventId: z.number(),
});

export function parseRecord(value: unknown): SessionRecord {
  const { version: _v, ...record } = RecordSchema.parse(value);
  return record;
}

export function serializeRecord(record: SessionRecord): string {
  return JSON.stringify({ version: 1, ...record }, null, 1);
}
