import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '../sessions/events.js';
import type { SessionRecord } from '../sessions/session.js';
import { createInstruments } from './instruments.js';
import { MAX_MODEL_LABELS, turnObserver } from './turn-observer.js';

const record = { options: { model: 'opus', permissionMode: 'default' } } as SessionRecord;
const at = (ms: number) => new Date(Date.UTC(2025, 0, 1) + ms).toISOString();
const base = (turnId: string, ms: number) => ({ id: 1, sessionId: 's', turnId, at: at(ms) });
const usage = { inputTokens: 10, outputTokens: 4, cacheCreationInputTokens: 2, cacheReadInputTokens: 7 };
const result = { isError: false, subtype: 'success', text: 'ok', costUsd: 0.25, usage, durationMs: 1, durationApiMs: 1, numTurns: 1, claudeSessionId: null, apiErrorStatus: null };
const finished = (turnId: string, ms: number, status: 'completed' | 'failed' | 'interrupted', endReason: string | null): SessionEvent => ({
  ...base(turnId, ms), type: 'turn_finished', status, text: '', result: status === 'completed' ? result : null, error: null, endReason, files: null, durationMs: ms,
});

describe('turnObserver', () => {
  it('counts turns by status and reason, and time to the first CLI line, from events alone', async () => {
    const registry = new Registry();
    const m = createInstruments(registry);
    const observe = turnObserver(m);
    const events: SessionEvent[] = [
      { ...base('t1', 0), type: 'turn_started', turnNumber: 1, continued: false, prompt: 'hi' },
      { ...base('t1', 100), type: 'queued', position: 1 },
      { ...base('t1', 1500), type: 'system', message: { type: 'system', subtype: 'init' } },
      { ...base('t1', 1700), type: 'assistant', message: { type: 'assistant', message: { content: [] } } },
      finished('t1', 3000, 'completed', null),
      { ...base('t2', 0), type: 'turn_started', turnNumber: 2, continued: true, prompt: 'go' },
      finished('t2', 500, 'interrupted', 'interrupt'),
    ];
    for (const e of events) observe(record, e);

    const value = async (metric: { get: () => Promise<{ values: Array<{ labels: object; value: number; metricName?: string }> }> }, labels: object, name?: string) =>
      (await metric.get()).values.find((v) => JSON.stringify(v.labels) === JSON.stringify(labels) && (!name || v.metricName === name))?.value;
    expect(await value(m.turnsStarted, { model: 'opus' })).toBe(2);
    expect(await value(m.turnsFinished, { status: 'completed', reason: 'completed' })).toBe(1);
    expect(await value(m.turnsFinished, { status: 'interrupted', reason: 'interrupt' })).toBe(1);
    expect(await value(m.tokens, { model: 'opus', kind: 'cache_read' })).toBe(7);
    expect(await value(m.costUsd, { model: 'opus' })).toBe(0.25);
    // One first-event sample (t2 printed nothing), 1.5 s after its start, queueing included.
    expect(await value(m.firstEvent, {}, 'cca_turn_first_event_seconds_count')).toBe(1);
    expect(await value(m.firstEvent, {}, 'cca_turn_first_event_seconds_sum')).toBe(1.5);
    expect(await value(m.turnDuration, { status: 'completed' }, 'cca_turn_duration_seconds_sum')).toBe(3);
  });

  it('keeps the model label to a bounded set of values: later models count as other', async () => {
    const m = createInstruments(new Registry());
    const observe = turnObserver(m);
    for (let i = 0; i < MAX_MODEL_LABELS + 10; i++) {
      observe({ options: { model: `claude-made-up-${i}`, permissionMode: 'default' } } as SessionRecord, { ...base(`t${i}`, 0), type: 'turn_started', turnNumber: 1, continued: false, prompt: 'hi' });
    }
    observe(record, { ...base('t-opus', 0), type: 'turn_started', turnNumber: 1, continued: false, prompt: 'hi' });
    observe({ options: { model: 'claude-made-up-0', permissionMode: 'default' } } as SessionRecord, { ...base('t-again', 0), type: 'turn_started', turnNumber: 1, continued: false, prompt: 'hi' });
    const values = (await m.turnsStarted.get()).values;
    expect(values).toHaveLength(MAX_MODEL_LABELS + 1);
    expect(values.find((v) => v.labels.model === 'other')?.value).toBe(11);
    expect(values.find((v) => v.labels.model === 'claude-made-up-0')?.value).toBe(2);
  });
});
