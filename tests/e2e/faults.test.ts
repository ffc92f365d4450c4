import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRunning, readPid, readSse, startTestServer, waitFor, type TestServer } from '../support/harness.js';

// The service against the fixture CLI: faults the real CLI will not show on demand.

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ TURN_IDLE_TIMEOUT_MS: '800', MAX_CONCURRENT_TURNS: '4' });
});
afterAll(async () => {
  await s.close();
});

async function newSession(body: unknown = {}): Promise<{ id: string; workspace: string }> {
  const res = await s.api('/api/v1/sessions', { json: body });
  expect(res.status).toBe(201);
  return (await res.json()).session;
}

async function send(id: string, prompt: string) {
  const res = await s.api(`/api/v1/sessions/${id}/messages`, { json: { prompt } });
  return { status: res.status, body: await res.json() };
}

describe('turns through the fixture CLI', () => {
  it('relays a plain turn and records its result on the session', async () => {
    const { id } = await newSession({ name: 'plain' });
    const { status, body } = await send(id, 'hello there');
    expect(status).toBe(200);
    expect(body.response).toBe('fixture: hello there');
    expect(body.status).toBe('completed');
    expect(body.result).toMatchObject({ isError: false, costUsd: 0.001, usage: { inputTokens: 3, outputTokens: 2 } });
    expect(body.events.map((e: { type: string }) => e.type)).toEqual([
      'turn_started',
      'process_started',
      'system',
      'assistant',
      'result',
    ]);
    const session = (await (await s.api(`/api/v1/sessions/${id}`)).json()).session;
    expect(session).toMatchObject({ status: 'idle', turnCount: 1, claudeSessionId: body.result.claudeSessionId });
    expect(session.totals.costUsd).toBeCloseTo(0.001);
    expect(session.lastTurn).toMatchObject({ id: body.turnId, status: 'completed' });
  });

  it('passes a flag-like prompt as text on stdin, never in argv', async () => {
    const { id } = await newSession({ model: 'opus', allowedTools: ['Write', 'Bash(git diff:*)'], maxTurns: 3 });
    const { body } = await send(id, 'ARGV --dangerously-skip-permissions');
    const argv: string[] = JSON.parse(body.response);
    expect(argv).not.toContain('--dangerously-skip-permissions');
    expect(argv).toEqual(expect.arrayContaining(['--input-format', 'stream-json', '--output-format', 'stream-json', '--verbose']));
    expect(argv).not.toContain('-p');
    expect(argv).toEqual(expect.arrayContaining(['--model', 'opus', '--max-turns', '3', '--allowedTools=Write,Bash(git diff:*)']));
    expect(argv).not.toContain('--continue');
    const second = await send(id, 'ARGV');
    expect(JSON.parse(second.body.response)).toContain('--continue');
  });

  it('gives the CLI an allow-listed environment without server secrets', async () => {
    const t = await startTestServer({ API_KEYS: 'tester:secret-key-0001', SOME_TOKEN: 'x', ANTHROPIC_API_KEY: 'k', CLAUDE_CONFIG_DIR: '/tmp/cfg' });
    try {
      const res = await t.api('/api/v1/sessions', { json: { initialPrompt: 'ENV' }, headers: { 'x-api-key': 'secret-key-0001' } });
      const keys: string[] = JSON.parse((await res.json()).response);
      expect(keys).toEqual(expect.arrayContaining(['PATH', 'HOME', 'ANTHROPIC_API_KEY', 'CLAUDE_CONFIG_DIR']));
      expect(keys).not.toContain('API_KEYS');
      expect(keys).not.toContain('SOME_TOKEN');
      expect(keys).not.toContain('WORKSPACE_ROOT');
    } finally {
      await t.close();
    }
  });

  it('surfaces garbage and unknown lines as warnings and still completes', async () => {
    const { id } = await newSession();
    const { body } = await send(id, 'GARBAGE');
    expect(body.status).toBe('completed');
    const warnings = body.events.filter((e: { type: string }) => e.type === 'warning');
    expect(warnings.map((w: { code: string }) => w.code)).toEqual(['INVALID_LINE', 'INVALID_LINE', 'UNKNOWN_LINE']);
    expect(warnings[0].data).toBe('this is not json');
  });

  it('reassembles lines and UTF-8 split across chunks', async () => {
    const { id } = await newSession();
    const { body } = await send(id, 'SPLIT');
    const texts = body.events.filter((e: { type: string }) => e.type === 'assistant').map((e: any) => e.message.message.content[0].text);
    expect(texts).toEqual(['fixture: SPLIT', 'héllo ✓ 日本']);
    expect(body.events.some((e: { type: string }) => e.type === 'warning')).toBe(false);
  });

  it('reports a crash mid-stream as 502 CLI_FAILED with the stderr tail, and the session survives', async () => {
    const { id, workspace } = await newSession();
    const { status, body } = await send(id, 'CRASH');
    expect(status).toBe(502);
    expect(body.error.code).toBe('CLI_FAILED');
    expect(body.error.details.exitCode).toBe(3);
    expect(body.error.details.stderr).toContain('fixture crash: boom');
    expect(body.error.details.turn.status).toBe('failed');
    expect(isRunning(await readPid(path.join(workspace, '.fixture-pid')))).toBe(false);
    const next = await send(id, 'again');
    expect(next.body.response).toBe('fixture: again');
  });

  it('treats is_error:true with subtype success as a failed turn', async () => {
    const { id } = await newSession();
    const { status, body } = await send(id, 'ISERROR');
    expect(status).toBe(200);
    expect(body.status).toBe('failed');
    expect(body.error).toMatchObject({ code: 'CLI_FAILED', details: { apiErrorStatus: 400 } });
    expect(body.response).toBe('API Error: 400 scripted');
  });

  it('ends a CLI that does not exit after its result, keeping the result', async () => {
    const { id, workspace } = await newSession();
    const started = Date.now();
    const { body } = await send(id, 'NOEXIT');
    expect(body.status).toBe('completed');
    expect(body.response).toBe('fixture: NOEXIT');
    expect(Date.now() - started).toBeLessThan(5000);
    // The answer does not wait for the exit; the lingering process is ended after RESULT_EXIT_GRACE_MS.
    const pid = await readPid(path.join(workspace, '.fixture-pid'));
    await waitFor(() => !isRunning(pid), 10_000);
  });

  it('stops a stalled CLI with the idle watchdog (504 TURN_TIMEOUT)', async () => {
    const { id, workspace } = await newSession();
    const { status, body } = await send(id, 'STALL');
    expect(status).toBe(504);
    expect(body.error.code).toBe('TURN_TIMEOUT');
    expect(isRunning(await readPid(path.join(workspace, '.fixture-pid')))).toBe(false);
  });

  it('reports an exit without result, with its exit code', async () => {
    const { id } = await newSession();
    const { status, body } = await send(id, 'EXIT 7');
    expect(status).toBe(502);
    expect(body.error.details.exitCode).toBe(7);
  });

  it('keeps only the tail of a flood of stderr', async () => {
    const { id } = await newSession();
    const { body } = await send(id, 'STDERR 512');
    expect(body.status).toBe('completed');
  });

  it('relays a large assistant message intact', async () => {
    const { id } = await newSession();
    const { body } = await send(id, 'BIG 512');
    expect(body.response.length).toBe(512 * 1024);
  });

  it('raises context_reset when a --continue turn reports another CLI session id', async () => {
    const { id } = await newSession();
    const first = await send(id, 'hello');
    const second = await send(id, 'NEWSESSION');
    const reset = second.body.events.find((e: { type: string }) => e.type === 'context_reset');
    expect(reset).toMatchObject({ previousClaudeSessionId: first.body.result.claudeSessionId });
    expect(reset.claudeSessionId).toBe(second.body.result.claudeSessionId);
  });
});

describe('process ownership', () => {
  it('kills a CLI that ignores SIGTERM, and its grandchild, when the session is deleted', async () => {
    const { id, workspace } = await newSession();
    const stream = s.api(`/api/v1/sessions/${id}/stream?prompt=GRANDCHILD`);
    const grandchild = await readPid(path.join(workspace, '.grandchild-pid'));
    const child = await readPid(path.join(workspace, '.fixture-pid'));
    expect(isRunning(grandchild)).toBe(true);
    const del = await s.api(`/api/v1/sessions/${id}`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    expect(isRunning(child)).toBe(false);
    await waitFor(() => !isRunning(grandchild), 3000);
    const events = await readSse(await stream);
    expect(events.at(-2)?.data).toMatchObject({ type: 'turn_finished', status: 'interrupted' });
    expect(events.at(-1)?.event).toBe('done');
    expect(existsSync(workspace)).toBe(false);
  });

  it('escalates to SIGKILL for a CLI that ignores SIGINT and SIGTERM', async () => {
    const { id, workspace } = await newSession();
    const pending = send(id, 'IGNORETERM');
    const pid = await readPid(path.join(workspace, '.fixture-pid'));
    await waitFor(async () => (await (await s.api(`/api/v1/sessions/${id}`)).json()).session.status === 'running');
    const started = Date.now();
    const res = await s.api(`/api/v1/sessions/${id}/interrupt`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect((await res.json()).status).toBe('interrupted');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(isRunning(pid)).toBe(false);
    expect((await pending).body.status).toBe('interrupted');
  });

  it('interrupts a slow turn with SIGINT and keeps the partial text', async () => {
    const { id } = await newSession();
    const res = await s.api(`/api/v1/sessions/${id}/stream?prompt=${encodeURIComponent('SLOW 50 100')}`);
    const seen = await readSse(res, (m) => m.event === 'assistant');
    expect(seen.at(-1)?.event).toBe('assistant');
    const int = await s.api(`/api/v1/sessions/${id}/interrupt`, { method: 'POST' });
    const body = await int.json();
    expect(body.status).toBe('interrupted');
    expect(body.response).toContain('tick1');
    expect((await (await s.api(`/api/v1/sessions/${id}/interrupt`, { method: 'POST' })).json()).error.code).toBe('NO_ACTIVE_TURN');
  });
});
