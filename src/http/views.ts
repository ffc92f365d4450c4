import type { SessionSnapshot } from '../sessions/session.js';
import type { TurnOutcome } from '../sessions/turn-outcome.js';

// toISOString costs about a µs, three per session view; a session's timestamps repeat across its
// views. Fixed-size strings, at most ISO_MEMO_MAX of them.
const ISO_MEMO_MAX = 4096;
const isoMemo = new Map<number, string>();
function iso(ms: number): string {
  let text = isoMemo.get(ms);
  if (text === undefined) {
    if (isoMemo.size >= ISO_MEMO_MAX) isoMemo.clear();
    text = new Date(ms).toISOString();
    isoMemo.set(ms, text);
  }
  return text;
}

/** The public shape of a session. */
export function sessionView(s: SessionSnapshot, ttlMs: number) {
  const r = s.record;
  return {
    id: r.id,
    owner: r.owner,
    name: r.name,
    status: s.status,
    model: r.options.model,
    permissionMode: r.options.permissionMode,
    allowedTools: r.options.allowedTools ?? [],
    disallowedTools: r.options.disallowedTools ?? [],
    appendSystemPrompt: r.options.appendSystemPrompt ?? null,
    maxTurns: r.options.maxTurns ?? null,
    permissionPolicy: r.options.permissionPolicy ?? 'deny',
    rememberedTools: r.rememberedTools,
    maxBudgetUsd: r.options.maxBudgetUsd ?? null,
    processMode: r.options.processMode ?? 'per-turn',
    allowedDomains: r.options.allowedDomains ?? [],
    workspace: r.workspace,
    claudeSessionId: r.claudeSessionId,
    createdAt: iso(r.createdAt),
    lastActivityAt: iso(r.lastActivityAt),
    // A session with a running turn never expires; the clock restarts when the turn ends.
    expiresAt: s.status !== 'idle' ? null : iso(r.lastActivityAt + ttlMs),
    turnCount: r.turnCount,
    currentTurnId: s.currentTurnId,
    lastTurn: r.lastTurn,
    totals: r.totals,
    lastEventId: s.lastEventId,
  };
}

/** The JSON reply of a non-streaming turn (Python design: `.json()["response"]`). */
export function turnView(sessionId: string, o: TurnOutcome) {
  return {
    sessionId,
    turnId: o.turnId,
    status: o.status,
    response: o.text,
    result: o.result,
    error: o.error,
    endReason: o.endReason,
    files: o.files,
    durationMs: o.durationMs,
    events: o.events,
    eventsDropped: o.eventsDropped,
  };
}
