import type { SessionEvent } from '../sessions/events.js';
import type { SessionRecord } from '../sessions/session.js';
import type { Instruments } from './instruments.js';

// Turn metrics from the session event stream (LiveSessionLimits.observe): no hook in the runner.

const CLI_OUTPUT = new Set<SessionEvent['type']>(['system', 'assistant', 'user', 'stream_event', 'result']);
// Turns whose turn_finished never comes (a crash) must not grow the map forever.
const MAX_TRACKED = 10_000;
// Distinct `model` label values: any `claude-…` id passes validation, and every new value would be
// a series kept for the process's life (a tenant could make one per turn). Later ones count as `other`.
export const MAX_MODEL_LABELS = 32;

export function turnObserver(m: Instruments): (record: SessionRecord, event: SessionEvent) => void {
  const started = new Map<string, { at: number; sawOutput: boolean }>();
  const models = new Set<string>();
  const label = (model: string): string => {
    if (models.has(model)) return model;
    if (models.size >= MAX_MODEL_LABELS) return 'other';
    models.add(model);
    return model;
  };
  return (record, e) => {
    const model = label(record.options.model);
    if (e.type === 'turn_started') {
      if (started.size >= MAX_TRACKED) started.delete(started.keys().next().value!);
      started.set(e.turnId, { at: Date.parse(e.at), sawOutput: false });
      m.turnsStarted.inc({ model });
      return;
    }
    const turn = started.get(e.turnId);
    if (turn && !turn.sawOutput && CLI_OUTPUT.has(e.type)) {
      turn.sawOutput = true;
      m.firstEvent.observe(Math.max(0, Date.parse(e.at) - turn.at) / 1000);
    }
    if (e.type !== 'turn_finished') return;
    started.delete(e.turnId);
    m.turnsFinished.inc({ status: e.status, reason: e.endReason ?? e.status });
    m.turnDuration.observe({ status: e.status }, e.durationMs / 1000);
    const r = e.result;
    if (!r) return;
    m.tokens.inc({ model, kind: 'input' }, r.usage.inputTokens);
    m.tokens.inc({ model, kind: 'output' }, r.usage.outputTokens);
    m.tokens.inc({ model, kind: 'cache_creation' }, r.usage.cacheCreationInputTokens);
    m.tokens.inc({ model, kind: 'cache_read' }, r.usage.cacheReadInputTokens);
    m.costUsd.inc({ model }, r.costUsd);
  };
}
