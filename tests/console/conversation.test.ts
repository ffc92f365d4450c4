import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '../../client/index.js';
import { activeTurn, applyEvent, emptyConversation, pendingPermissions } from '../../console/src/conversation.js';
import { lineDiff } from '../../console/src/diff.js';

// The console's fold of a session's events into the chat, on the event shapes the service sends.

let n = 0;
const base = (turnId = 't_1') => ({ id: ++n, sessionId: 's1', turnId, at: '2026-01-01T00:00:00.000Z' });
const ev = (e: Record<string, unknown>, turnId?: string) => ({ ...base(turnId), ...e }) as unknown as SessionEvent;

describe('the chat model of a session', () => {
  it('builds a turn: prompt, streamed text replaced by the full message, tool card with its result, outcome', () => {
    const c = emptyConversation();
    applyEvent(c, ev({ type: 'turn_started', turnNumber: 1, continued: false, prompt: 'hi' }));
    applyEvent(c, ev({ type: 'queued', position: 2 }));
    expect(c.turns[0]).toMatchObject({ state: 'queued', queuePosition: 2 });
    applyEvent(c, ev({ type: 'process_started', pid: 1 }));
    applyEvent(c, ev({ type: 'stream_event', message: { type: 'stream_event', event: { type: 'content_block_delta', delta: { type: 'text_delta', text: 'Hel' } } } }));
    applyEvent(c, ev({ type: 'stream_event', message: { type: 'stream_event', event: { type: 'content_block_delta', delta: { type: 'text_delta', text: 'lo' } } } }));
    expect(c.turns[0]!.partial).toBe('Hello');
    expect(activeTurn(c)?.id).toBe('t_1');
    applyEvent(c, ev({ type: 'assistant', message: { type: 'assistant', message: { content: [{ type: 'text', text: 'Hello' }, { type: 'tool_use', id: 'tu1', name: 'Bash', input: { command: 'ls' } }] } } }));
    expect(c.turns[0]!.partial).toBe('');
    applyEvent(c, ev({ type: 'user', message: { type: 'user', message: { content: [{ type: 'tool_result', tool_use_id: 'tu1', content: [{ type: 'text', text: 'a.txt' }], is_error: false }] } } }));
    applyEvent(c, ev({ type: 'turn_finished', status: 'completed', text: 'Hello', result: { costUsd: 0.25 }, error: null, endReason: null, files: { created: ['a.txt'], modified: [], deleted: [], truncated: false }, durationMs: 1200 }));
    const t = c.turns[0]!;
    expect(t.items).toEqual([
      { kind: 'text', text: 'Hello' },
      { kind: 'tool', call: { id: 'tu1', name: 'Bash', input: { command: 'ls' }, result: { text: 'a.txt', isError: false } } },
    ]);
    expect(t).toMatchObject({ state: 'completed', costUsd: 0.25, durationMs: 1200, queuePosition: null });
    expect(t.files?.created).toEqual(['a.txt']);
    expect(activeTurn(c)).toBeUndefined();
  });

  it('ignores an event it already has (a replay overlapping a reconnect)', () => {
    const c = emptyConversation();
    const start = ev({ type: 'turn_started', turnNumber: 1, continued: false, prompt: 'p' });
    const text = ev({ type: 'assistant', message: { type: 'assistant', message: { content: [{ type: 'text', text: 'once' }] } } });
    for (const e of [start, text, start, text]) applyEvent(c, e);
    expect(c.turns).toHaveLength(1);
    expect(c.turns[0]!.items).toHaveLength(1);
  });

  it('keeps permission requests pending until answered, and closes them when the turn ends', () => {
    const c = emptyConversation();
    applyEvent(c, ev({ type: 'turn_started', turnNumber: 1, continued: false, prompt: 'w' }, 't_2'));
    applyEvent(c, ev({ type: 'permission_request', requestId: 'r1', toolName: 'Write', input: {}, suggestions: [], toolUseId: null, expiresAt: '' }, 't_2'));
    applyEvent(c, ev({ type: 'permission_request', requestId: 'r2', toolName: 'Bash', input: {}, suggestions: [], toolUseId: null, expiresAt: '' }, 't_2'));
    expect(pendingPermissions(c).map((p) => p.request.requestId)).toEqual(['r1', 'r2']);
    applyEvent(c, ev({ type: 'permission_resolved', requestId: 'r1', toolName: 'Write', decision: 'deny', by: 'client', message: 'no' }, 't_2'));
    expect(pendingPermissions(c).map((p) => p.request.requestId)).toEqual(['r2']);
    applyEvent(c, ev({ type: 'turn_finished', status: 'interrupted', text: '', result: null, error: null, endReason: 'interrupt', files: null, durationMs: 5 }, 't_2'));
    expect(pendingPermissions(c)).toEqual([]);
    expect(c.turns[0]!.state).toBe('interrupted');
  });
});

describe('the line diff of an Edit', () => {
  it('keeps common lines and marks removed and added ones', () => {
    expect(lineDiff('a\nb\nc', 'a\nB\nc\nd')).toEqual([
      { op: ' ', text: 'a' },
      { op: '-', text: 'b' },
      { op: '+', text: 'B' },
      { op: ' ', text: 'c' },
      { op: '+', text: 'd' },
    ]);
  });
});
