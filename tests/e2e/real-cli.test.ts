import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAUDE_BIN, cliEnv } from '../support/cli-env.js';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.js';
import { readSse, SseReader, startTestServer, type TestServer } from '../support/harness.js';

// The service driving the REAL claude CLI against the scripted Anthropic API.

let model: FakeAnthropic;
let s: TestServer;
beforeAll(async () => {
  model = await startFakeAnthropic();
});
afterAll(async () => {
  await model?.close();
});

async function session(body: Record<string, unknown> = {}) {
  const res = await s.api('/api/v1/sessions', { json: body });
  expect(res.status).toBe(201);
  return (await res.json()) as { session: { id: string; workspace: string }; response?: string };
}

async function send(id: string, prompt: string) {
  const res = await s.api(`/api/v1/sessions/${id}/messages`, { json: { prompt } });
  return { status: res.status, body: await res.json() };
}

// Every test runs in both process modes: warm mode must behave exactly like per-turn mode.
describe.each(['per-turn', 'warm'] as const)('real CLI (%s)', (mode) => {
  beforeAll(async () => {
    s = await startTestServer((root) => ({ ...cliEnv({ baseUrl: model.url, home: root }), CLAUDE_BIN, KILL_GRACE_MS: '1500', PROCESS_MODE: mode, SANDBOX: 'bwrap' }));
  });
  afterAll(async () => {
    await s?.close();
  });

  it('answers a prompt and records cost, usage and the CLI session id', async () => {
    const { session: sess } = await session();
    const { status, body } = await send(sess.id, 'hello world');
    expect(status).toBe(200);
    expect(body.response).toBe('echo: hello world');
    expect(body.status).toBe('completed');
    expect(body.result.costUsd).toBeGreaterThan(0);
    expect(body.result.usage.outputTokens).toBeGreaterThan(0);
    expect(body.result.claudeSessionId).toMatch(/^[0-9a-f-]{36}$/);
    const system = body.events.find((e: { type: string }) => e.type === 'system');
    expect(system.message.cwd).toBe(sess.workspace);
  });

  it('keeps context across turns with --continue (the model sees the earlier prompts)', async () => {
    const { session: sess } = await session({ initialPrompt: 'my favourite fruit is a quince' });
    await send(sess.id, 'and my favourite tree is an oak');
    const { body } = await send(sess.id, 'RECALL');
    expect(body.response).toBe('recall: my favourite fruit is a quince | and my favourite tree is an oak');
    expect(body.events.some((e: { type: string }) => e.type === 'context_reset')).toBe(false);
  });

  it('runs a Write tool_use in the session workspace', async () => {
    const { session: sess } = await session({ permissionMode: 'acceptEdits', allowedTools: ['Write'] });
    const { body } = await send(sess.id, 'WRITE src/hello.txt built by claude');
    expect(body.response).toBe('wrote src/hello.txt');
    expect(await readFile(path.join(sess.workspace, 'src', 'hello.txt'), 'utf8')).toBe('built by claude');
    expect(body.files).toEqual({ created: ['src/hello.txt'], modified: [], deleted: [], truncated: false });
    const again = await send(sess.id, 'WRITE src/hello.txt rewritten, longer');
    expect(again.body.files).toMatchObject({ created: [], modified: ['src/hello.txt'], deleted: [] });
    const turns = (await (await s.api(`/api/v1/sessions/${sess.id}/messages`)).json()).turns;
    expect(turns.map((t: { files: { created: string[] } }) => t.files.created)).toEqual([['src/hello.txt'], []]);
    expect(turns[0].items.map((i: { kind: string }) => i.kind)).toEqual(['tool_use', 'tool_result', 'text']);
    const types = body.events.map((e: { type: string }) => e.type);
    expect(types).toEqual(expect.arrayContaining(['assistant', 'user', 'result']));
  });

  it('keeps a flag-looking prompt as text', async () => {
    const { session: sess } = await session();
    const { body } = await send(sess.id, '--dangerously-skip-permissions --help');
    expect(body.response).toBe('echo: --dangerously-skip-permissions --help');
    expect(body.status).toBe('completed');
  });

  it('reports an API 4xx as a failed turn, and the session goes on', async () => {
    const { session: sess } = await session();
    const { status, body } = await send(sess.id, 'ERROR 400');
    expect(status).toBe(200);
    expect(body.status).toBe('failed');
    expect(body.error).toMatchObject({ code: 'CLI_FAILED', details: { apiErrorStatus: 400 } });
    const next = await send(sess.id, 'still here');
    expect(next.body.response).toBe('echo: still here');
  });

  it('streams token deltas with partial=true', async () => {
    const { session: sess } = await session();
    const res = await s.api(`/api/v1/sessions/${sess.id}/stream?prompt=${encodeURIComponent('DELTAS 20')}&partial=true`);
    const events = await readSse(res);
    const deltas = events.filter((e) => e.event === 'stream_event' && e.data.message.event.type === 'content_block_delta');
    expect(deltas.length).toBe(20);
    expect(events.at(-2)?.data).toMatchObject({ type: 'turn_finished', status: 'completed' });
  });

  it('interrupts a streaming turn within 2 s and keeps the partial text', async () => {
    const { session: sess } = await session();
    const res = await s.api(`/api/v1/sessions/${sess.id}/messages`, { json: { prompt: 'SLOW 100 100', stream: true, partial: true } });
    const sse = new SseReader(res);
    await sse.until((m) => m.event === 'stream_event' && m.data.message.event.type === 'content_block_delta');
    const started = Date.now();
    const int = await s.api(`/api/v1/sessions/${sess.id}/interrupt`, { method: 'POST' });
    expect(Date.now() - started).toBeLessThan(2000);
    expect((await int.json()).status).toBe('interrupted');
    const events = await sse.rest();
    expect(events.at(-2)?.data).toMatchObject({ type: 'turn_finished', status: 'interrupted' });
    // The session continues: the next turn runs with the conversation so far.
    const next = await send(sess.id, 'after the interrupt');
    expect(next.body.response).toBe('echo: after the interrupt');
  });

  it('runs the Python design client code unchanged', async () => {
    const script = [
      'import requests, sys',
      'base = sys.argv[1]',
      'session_id = requests.post(f"{base}/sessions", json={"initial_prompt": "hi from python"}).json()["session"]["id"]',
      'print(requests.post(f"{base}/sessions/{session_id}/messages", json={"prompt": "second"}).json()["response"])',
    ].join('\n');
    const { stdout } = await promisify(execFile)('python3', ['-c', script, s.url], { timeout: 20_000 });
    expect(stdout.trim()).toBe('echo: second');
  });

  it('gives the CLI no server secrets: `env` run through the Bash tool shows none', async () => {
    const t = await startTestServer((root) => ({
      ...cliEnv({ baseUrl: model.url, home: root }),
      CLAUDE_BIN,
      API_KEYS: 'alice:sk-alice-secret-0001',
      API_KEYS_FILE: '/dev/null',
      ADMIN_KEYS: 'ops:sk-admin-secret-0001',
      DATABASE_URL: 'postgres://secret',
    }));
    try {
      const headers = { 'x-api-key': 'sk-alice-secret-0001' };
      const created = await t.api('/api/v1/sessions', { json: { allowedTools: ['Bash'] }, headers });
      const { id } = (await created.json()).session;
      const res = await t.api(`/api/v1/sessions/${id}/messages`, { json: { prompt: 'BASH env' }, headers });
      const text: string = (await res.json()).response;
      expect(text).toMatch(/^bash: /);
      expect(text).toContain('ANTHROPIC_BASE_URL=');
      for (const leak of ['API_KEYS', 'sk-alice-secret', 'sk-admin-secret', 'ADMIN_KEYS', 'DATABASE_URL', 'postgres://secret', '/dev/null']) {
        expect(text).not.toContain(leak);
      }
    } finally {
      await t.close();
    }
  });

  it('resumes an existing CLI conversation in a new session (resumeClaudeSessionId), files too on request', async () => {
    const a = await session({ permissionMode: 'acceptEdits', allowedTools: ['Write'], initialPrompt: 'the code word is heron' });
    const first = await send(a.session.id, 'WRITE notes.txt heron notes');
    const claudeSessionId = first.body.result.claudeSessionId;
    const b = await session({ resumeClaudeSessionId: claudeSessionId, importWorkspace: true });
    expect(b.session).toMatchObject({ claudeSessionId });
    expect(await readFile(path.join(b.session.workspace, 'notes.txt'), 'utf8')).toBe('heron notes');
    const recall = await send(b.session.id, 'RECALL');
    expect(recall.body.response).toMatch(/^recall: the code word is heron \| WRITE notes.txt heron notes/);
    expect(recall.body.events.some((e: { type: string }) => e.type === 'context_reset')).toBe(false);
    const missing = await s.api('/api/v1/sessions', { json: { resumeClaudeSessionId: '00000000-0000-4000-8000-000000000000' } });
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('CLAUDE_SESSION_NOT_FOUND');
  });
});
