import { describe, expect, it } from 'vitest';
import { recordedTurn } from '../../../tests/support/recorded-events.js';
import type { SessionEvent } from '../../sessions/events.js';
import { confirmationEventId, interruptEventId, newTranslatorState, translate, type DeltaType, type ManagedEvent } from './translator.js';

// The Managed Agents translator, line by line on recorded real-CLI output.

function byLine(events: SessionEvent[], deltas: DeltaType[] = []): ManagedEvent[][] {
  const state = newTranslatorState();
  return events.map((e) => translate(e, state, new Set(deltas)));
}
const types = (lines: ManagedEvent[][]) => lines.map((l) => l.map((m) => m.event.type));

describe('Managed Agents translator on recorded CLI output', () => {
  it('partial.jsonl (a list: no deltas): status, span with usage, the message, idle end_turn', () => {
    const lines = byLine(recordedTurn('partial', { prompt: 'hello world' }));
    expect(types(lines)).toEqual([
      ['user.message', 'session.status_running'], // turn_started
      [], // system init
      [], // system status
      ['span.model_request_start'], // message_start
      [], // content_block_start
      [],
      [],
      [], // 3 text deltas
      ['agent.message'], // assistant
      [], // content_block_stop
      [], // message_delta (usage kept for the span's end)
      ['span.model_request_end'], // message_stop
      [], // result
      ['session.status_idle'], // turn_finished
    ]);
    expect(lines[0]![0]).toEqual({ position: '1.0', event: { type: 'user.message', id: 'sevt_1_0', content: [{ type: 'text', text: 'hello world' }], processed_at: '2026-01-01T00:00:00.000Z' } });
    expect(lines[8]![0]!.event).toMatchObject({ type: 'agent.message', id: 'sevt_msg_1_0', content: [{ type: 'text', text: 'echo: hello world' }] });
    const start = lines[3]![0]!.event;
    expect(lines[11]![0]!.event).toMatchObject({
      type: 'span.model_request_end',
      model_request_start_id: start.id,
      is_error: false,
      model_usage: { input_tokens: 10, output_tokens: 3, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
    });
    expect(lines[13]![0]!.event).toMatchObject({ type: 'session.status_idle', stop_reason: { type: 'end_turn' }, stop_details: null });
    // Positions are unique and increasing: the SSE ids and list cursors.
    const positions = lines.flat().map((m) => m.position);
    expect(new Set(positions).size).toBe(positions.length);
  });

  it('partial.jsonl on a stream asking for agent.message deltas: previews named after the message they build', () => {
    const lines = byLine(recordedTurn('partial'), ['agent.message']);
    expect(lines[4]!.map((m) => m.event)).toEqual([{ type: 'event_start', event: { type: 'agent.message', id: 'sevt_msg_1_0' } }]);
    expect(lines.slice(5, 8).map((l) => l[0]!.event)).toEqual(
      ['echo: ', 'hello ', 'world'].map((text) => ({ type: 'event_delta', event_id: 'sevt_msg_1_0', delta: { type: 'content_delta', content: { type: 'text', text } }})),
    );
    expect(JSON.parse(JSON.stringify(lines[4]![0]!.event))).not.toHaveProperty('id');
  });

  it('write.jsonl: tool use keeps the model\'s id, its result names it, the tool name is the toolset\'s', () => {
    const lines = byLine(recordedTurn('write'));
    expect(types(lines)).toEqual([['user.message', 'session.status_running'], [], ['agent.tool_use'], ['agent.tool_result'], ['agent.message'], [], ['session.status_idle']]);
    expect(lines[2]![0]!.event).toMatchObject({ type: 'agent.tool_use', id: 'toolu_fake_1', name: 'write', input: { content: 'hello from the fake' } });
    expect(lines[3]![0]!.event).toMatchObject({ type: 'agent.tool_result', tool_use_id: 'toolu_fake_1', is_error: false, content: [{ type: 'text', text: expect.stringMatching(/^File created successfully/) }] });
    expect(lines[4]![0]!.event).toMatchObject({ id: 'sevt_msg_2_0', content: [{ type: 'text', text: 'wrote notes/hello.txt' }] });
  });

  it('error400.jsonl: the failure is a session.error, then idle with retries_exhausted', () => {
    const events = recordedTurn('error400');
    const finished = events.at(-1)!;
    const withError: SessionEvent[] = [...events.slice(0, -1), { ...finished, id: finished.id, type: 'error', turnId: finished.turnId, code: 'CLI_FAILED', message: 'API Error: 400' } as SessionEvent, { ...finished, id: finished.id + 1 }];
    const lines = byLine(withError);
    expect(lines.at(-2)!.map((m) => m.event)).toMatchObject([{ type: 'session.error', error: { type: 'model_request_failed_error', message: 'API Error: 400', retry_status: { type: 'terminal' } } }]);
    expect(lines.at(-1)![0]!.event).toMatchObject({ type: 'session.status_idle', stop_reason: { type: 'retries_exhausted' } });
  });

  it('permissions: requires_action names the awaited tool uses; a client answer is a user.tool_confirmation', () => {
    const [started, , , use] = recordedTurn('write');
    const base = { sessionId: started!.sessionId, turnId: started!.turnId, at: started!.at };
    const request = { ...base, id: 50, type: 'permission_request', requestId: 'req-1', toolName: 'Write', input: {}, suggestions: [], toolUseId: 'toolu_fake_1', expiresAt: base.at } as SessionEvent;
    const resolved = { ...base, id: 51, type: 'permission_resolved', requestId: 'req-1', toolName: 'Write', decision: 'deny', by: 'client', message: 'no' } as SessionEvent;
    const policy = { ...base, id: 52, type: 'permission_resolved', requestId: 'req-2', toolName: 'Read', decision: 'allow', by: 'policy', message: null } as SessionEvent;
    const finished = { ...base, id: 53, type: 'turn_finished', status: 'interrupted', text: '', result: null, error: null, endReason: 'interrupt', files: null, durationMs: 1 } as SessionEvent;
    const lines = byLine([started!, use!, request, resolved, policy, finished]);
    expect(lines[2]![0]!.event).toMatchObject({ type: 'session.status_idle', stop_reason: { type: 'requires_action', event_ids: ['toolu_fake_1'] } });
    expect(lines[3]!.map((m) => m.event)).toMatchObject([
      { type: 'user.tool_confirmation', id: confirmationEventId('req-1'), tool_use_id: 'toolu_fake_1', result: 'deny', deny_message: 'no' },
      { type: 'session.status_running' },
    ]);
    expect(lines[4]).toEqual([]);
    expect(lines[5]!.map((m) => m.event)).toMatchObject([{ type: 'user.interrupt', id: interruptEventId(started!.turnId) }, { type: 'session.status_idle', stop_reason: { type: 'end_turn' } }]);
  });

  it('MCP tools become agent.mcp_tool_use / agent.mcp_tool_result', () => {
    const [started] = recordedTurn('echo');
    const base = { sessionId: started!.sessionId, turnId: started!.turnId, at: started!.at };
    const use = { ...base, id: 2, type: 'assistant', message: { type: 'assistant', message: { id: 'msg_9', content: [{ type: 'tool_use', id: 'toolu_m', name: 'mcp__docs_srv__search', input: { q: 'x' } }] } } } as SessionEvent;
    const result = { ...base, id: 3, type: 'user', message: { type: 'user', message: { content: [{ type: 'tool_result', tool_use_id: 'toolu_m', content: [{ type: 'text', text: 'found' }] }] } } } as SessionEvent;
    const lines = byLine([started!, use, result]);
    expect(lines[1]![0]!.event).toMatchObject({ type: 'agent.mcp_tool_use', id: 'toolu_m', mcp_server_name: 'docs_srv', name: 'search', input: { q: 'x' } });
    expect(lines[2]![0]!.event).toMatchObject({ type: 'agent.mcp_tool_result', mcp_tool_use_id: 'toolu_m', content: [{ type: 'text', text: 'found' }] });
  });
});
