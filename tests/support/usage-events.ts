import type { SessionEvent } from '../../src/sessions/events.js';
import type { SessionRecord } from '../../src/sessions/session.js';

/** The part of a session record the usage ledger reads: its key and model. */
export const ledgerRecord = (owner: string, model = 'sonnet') => ({ id: 's', owner, options: { model, permissionMode: 'default' } }) as SessionRecord;

/** A completed turn's `turn_finished` on `day` (UTC) that cost `costUsd`, 1 input and 1 output token. */
export function finishedTurn(costUsd: number, day = '2026-12-03'): SessionEvent {
  return {
    id: 1,
    sessionId: 's',
    turnId: 't',
    at: `${day}T12:00:00.000Z`,
    type: 'turn_finished',
    status: 'completed',
    text: '',
    result: {
      isError: false,
      subtype: 'success',
      text: 'ok',
      costUsd,
      usage: { inputTokens: 1, outputTokens: 1, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 },
      durationMs: 1,
      durationApiMs: 1,
      numTurns: 1,
      claudeSessionId: null,
      apiErrorStatus: null,
    },
    error: null,
    endReason: null,
    files: null,
    durationMs: 1,
  };
}
