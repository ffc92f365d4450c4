import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRunning, readPid, readSse, startTestServer, waitFor, type TestServer } from '../support/harness.js';

// Every endpoint and error code, against the fixture CLI.

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ MAX_SESSIONS: '6', MAX_CONCURRENT_TURNS: '1', MAX_QUEUED_TURNS: '1', SSE_KEEPALIVE_MS: '50' });
});
afterAll(async () => {
  await s.close();
});

async function create(body: unknown = {}) {
  const res = await s.api('/api/v1/sessions', { json: body });
  return { status: res.status, body: await res.json() };
}
const workspaceEntries = () => readdirSync(s.config.workspaceRoot).sort();

describe('sessions', () => {
  it('creates, gets, lists with a cursor and deletes', async () => {
    const a = (await create({ name: 'a' })).body.session;
    const b = (await create({ session_name: 'b' })).body.session;
    expect(a).toMatchObject({ name: 'a', status: 'idle', model: 'sonnet', permissionMode: 'default', turnCount: 0, claudeSessionId: null });
    expect(b.name).toBe('b');
    expect(a.workspace).toBe(path.join(s.config.workspaceRoot, a.id));
    expect(existsSync(a.workspace)).toBe(true);
    expect(new Date(a.expiresAt).getTime() - new Date(a.lastActivityAt).getTime()).toBe(s.config.sessionTtlMs);

    const got = await s.api(`/api/v1/sessions/${a.id}`);
    expect((await got.json()).session.id).toBe(a.id);

    const page1 = await (await s.api('/api/v1/sessions?limit=1')).json();
    expect(page1.sessions).toHaveLength(1);
    expect(page1.nextCursor).toEqual(expect.any(String));
    const page2 = await (await s.api(`/api/v1/sessions?limit=1&cursor=${page1.nextCursor}`)).json();
    expect(page2.sessions[0].id).not.toBe(page1.sessions[0].id);

    const kept = await s.api(`/api/v1/sessions/${b.id}?keepWorkspace=true`, { method: 'DELETE' });
    expect(await kept.json()).toEqual({ id: b.id, deleted: true, workspaceKept: true });
    expect(existsSync(b.workspace)).toBe(true);
    const del = await s.api(`/api/v1/sessions/${a.id}`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    expect(existsSync(a.workspace)).toBe(false);
    expect((await s.api(`/api/v1/sessions/${a.id}`)).status).toBe(404);
  });

  it('runs initialPrompt (and the Python initial_prompt) and includes the reply', async () => {
    const r = await create({ initialPrompt: 'hi' });
    expect(r.status).toBe(201);
    expect(r.body.response).toBe('fixture: hi');
    expect(r.body.session.turnCount).toBe(1);
    const py = await fetch(`${s.url}/sessions`, { method: 'POST', body: JSON.stringify({ initial_prompt: 'py' }), headers: { 'content-type': 'application/json' } });
    const pyBody = await py.json();
    const id = pyBody.session.id;
    const msg = await fetch(`${s.url}/sessions/${id}/messages`, { method: 'POST', body: JSON.stringify({ prompt: 'again' }), headers: { 'content-type': 'application/json' } });
    expect((await msg.json()).response).toBe('fixture: again');
    for (const sid of [r.body.session.id, id]) await s.api(`/sessions/${sid}`, { method: 'DELETE' });
  });

  it('serves health and models at both prefixes', async () => {
    for (const p of ['/api/v1/health', '/health']) {
      const h = await (await s.api(p)).json();
      expect(h).toMatchObject({ status: 'ok', version: expect.any(String), sessions: { total: expect.any(Number) } });
      expect(h.uptimeSeconds).toBeGreaterThanOrEqual(0);
    }
    const m = await (await s.api('/api/v1/models')).json();
    expect(m.default).toBe('sonnet');
    expect(m.models).toContainEqual({ id: 'sonnet', default: true });
  });

  it('echoes a tame X-Request-Id and replaces a hostile one', async () => {
    const ok = await s.api('/api/v1/sessions/nope', { headers: { 'x-request-id': 'abc-123' } });
    expect(ok.headers.get('x-request-id')).toBe('abc-123');
    expect((await ok.json()).error.requestId).toBe('abc-123');
    const bad = await s.api('/api/v1/health', { headers: { 'x-request-id': 'a b<script>' } });
    expect(bad.headers.get('x-request-id')).toMatch(/^req_/);
  });
});

describe('errors', () => {
  const cases: Array<[string, string, RequestInit & { json?: unknown }, number, string]> = [
    ['malformed JSON', '/api/v1/sessions', { method: 'POST', body: '{"name":' }, 400, 'INVALID_JSON'],
    ['unknown field', '/api/v1/sessions', { json: { nme: 'x' } }, 400, 'VALIDATION_FAILED'],
    ['model not configured', '/api/v1/sessions', { json: { model: 'gpt-4' } }, 400, 'VALIDATION_FAILED'],
    ['bypass not allowed', '/api/v1/sessions', { json: { permissionMode: 'bypassPermissions' } }, 400, 'VALIDATION_FAILED'],
    ['bad tool name', '/api/v1/sessions', { json: { allowedTools: ['--dangerously-skip-permissions'] } }, 400, 'VALIDATION_FAILED'],
    ['both name fields', '/api/v1/sessions', { json: { name: 'a', session_name: 'b' } }, 400, 'VALIDATION_FAILED'],
    ['wrong type', '/api/v1/sessions', { json: { maxTurns: 'ten' } }, 400, 'VALIDATION_FAILED'],
    ['body is an array', '/api/v1/sessions', { json: [] }, 400, 'VALIDATION_FAILED'],
    ['bad limit', '/api/v1/sessions?limit=0', {}, 400, 'VALIDATION_FAILED'],
    ['bad cursor', '/api/v1/sessions?cursor=zzz', {}, 400, 'VALIDATION_FAILED'],
    ['unknown session', '/api/v1/sessions/abcdefghij0123456789', {}, 404, 'SESSION_NOT_FOUND'],
    ['traversal id', '/api/v1/sessions/..%2F..%2Fetc', {}, 404, 'SESSION_NOT_FOUND'],
    ['NUL in id', '/api/v1/sessions/abc%00def', {}, 404, 'SESSION_NOT_FOUND'],
    ['absurd id', `/api/v1/sessions/${'a'.repeat(5000)}`, {}, 404, 'SESSION_NOT_FOUND'],
    ['message to unknown', '/api/v1/sessions/abcdefghij0123456789/messages', { json: { prompt: 'x' } }, 404, 'SESSION_NOT_FOUND'],
    ['no route', '/api/v1/nothing', {}, 404, 'NOT_FOUND'],
    ['body too large', '/api/v1/sessions', { method: 'POST', body: JSON.stringify({ name: 'x'.repeat(2_000_000) }) }, 413, 'PAYLOAD_TOO_LARGE'],
  ];
  it.each(cases)('%s → %i %s, nothing written', async (_name, p, init, status, code) => {
    const before = workspaceEntries();
    const res = await s.api(p, init);
    expect(res.status).toBe(status);
    const body = await res.json();
    expect(body.error.code).toBe(code);
    expect(body.error.requestId).toEqual(expect.any(String));
    expect(workspaceEntries()).toEqual(before);
  });

  it('lists the failing fields of a validation error', async () => {
    const body = await (await s.api('/api/v1/sessions', { json: { model: 1, maxTurns: -1 } })).json();
    expect(body.error.details.fields.map((f: { path: string }) => f.path).sort()).toEqual(['maxTurns', 'model']);
  });

  it('rejects empty, missing and oversized prompts', async () => {
    const { id } = (await create()).body.session;
    for (const json of [{}, { prompt: '   ' }, { prompt: 'x'.repeat(100_001) }, { prompt: 5 }]) {
      const res = await s.api(`/api/v1/sessions/${id}/messages`, { json });
      expect(res.status).toBe(400);
      expect((await res.json()).error.code).toBe('VALIDATION_FAILED');
    }
    const noPrompt = await s.api(`/api/v1/sessions/${id}/stream`);
    expect((await noPrompt.json()).error.code).toBe('VALIDATION_FAILED');
    await s.api(`/api/v1/sessions/${id}`, { method: 'DELETE' });
  });
});

describe('admission', () => {
  it('refuses a second message while a turn runs (409 SESSION_BUSY)', async () => {
    const { id } = (await create()).body.session;
    const first = s.api(`/api/v1/sessions/${id}/messages`, { json: { prompt: 'SLOW 3 100' } });
    await waitFor(async () => (await (await s.api(`/api/v1/sessions/${id}`)).json()).session.status === 'running');
    const second = await s.api(`/api/v1/sessions/${id}/messages`, { json: { prompt: 'x' } });
    expect(second.status).toBe(409);
    expect((await second.json()).error.code).toBe('SESSION_BUSY');
    expect((await (await first).json()).status).toBe('completed');
    await s.api(`/api/v1/sessions/${id}`, { method: 'DELETE' });
  });

  it('queues turns past MAX_CONCURRENT_TURNS in order, refuses past MAX_QUEUED_TURNS', async () => {
    const ids = await Promise.all([create(), create(), create()]).then((r) => r.map((x) => x.body.session.id as string));
    const a = s.api(`/api/v1/sessions/${ids[0]}/messages`, { json: { prompt: 'SLOW 3 100' } });
    await waitFor(async () => (await (await s.api(`/api/v1/sessions/${ids[0]}`)).json()).session.status === 'running');
    const bStream = await s.api(`/api/v1/sessions/${ids[1]}/messages`, { json: { prompt: 'queued one', stream: true } });
    expect(bStream.status).toBe(200);
    const c = await s.api(`/api/v1/sessions/${ids[2]}/messages`, { json: { prompt: 'x' } });
    expect(c.status).toBe(429);
    expect((await c.json()).error.code).toBe('QUEUE_FULL');
    expect((await (await s.api(`/api/v1/sessions/${ids[1]}`)).json()).session.status).toBe('queued');
    const events = await readSse(bStream);
    expect(events.map((e) => e.event)).toEqual(expect.arrayContaining(['turn_started', 'queued', 'process_started', 'turn_finished', 'done']));
    expect(events.find((e) => e.event === 'queued')?.data.position).toBe(1);
    expect(events.find((e) => e.event === 'turn_finished')?.data.text).toBe('fixture: queued one');
    expect((await (await a).json()).status).toBe('completed');
    for (const id of ids) await s.api(`/api/v1/sessions/${id}`, { method: 'DELETE' });
  });

  it('refuses sessions past MAX_SESSIONS (429 SESSION_LIMIT) without a new directory', async () => {
    const made: string[] = [];
    for (;;) {
      const r = await create();
      if (r.status !== 201) {
        expect(r.status).toBe(429);
        expect(r.body.error.code).toBe('SESSION_LIMIT');
        break;
      }
      made.push(r.body.session.id);
    }
    const before = workspaceEntries();
    expect((await create()).status).toBe(429);
    expect(workspaceEntries()).toEqual(before);
    for (const id of made) await s.api(`/api/v1/sessions/${id}`, { method: 'DELETE' });
  });
});

describe('streaming', () => {
  it('streams typed events with per-session increasing ids, then done', async () => {
    const { id } = (await create()).body.session;
    const res = await s.api(`/api/v1/sessions/${id}/stream?prompt=hello`);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const events = await readSse(res);
    expect(events.map((e) => e.event)).toEqual(['turn_started', 'process_started', 'system', 'assistant', 'result', 'turn_finished', 'done']);
    const ids = events.filter((e) => e.id).map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(new Set(ids).size).toBe(ids.length);
    const second = await readSse(await s.api(`/api/v1/sessions/${id}/messages`, { json: { prompt: 'two', stream: true } }));
    expect(Number(second[0]!.id)).toBe(ids.at(-1)! + 1);
    await s.api(`/api/v1/sessions/${id}`, { method: 'DELETE' });
  });

  it('sends keep-alive comments while the CLI is quiet', async () => {
    const { id } = (await create()).body.session;
    const res = await s.api(`/api/v1/sessions/${id}/stream?prompt=${encodeURIComponent('SLOW 2 300')}`);
    const text = await res.text();
    expect(text).toContain(': keepalive');
    await s.api(`/api/v1/sessions/${id}`, { method: 'DELETE' });
  });

  it('lets the turn finish when the client disconnects (default)', async () => {
    const { id, workspace } = (await create()).body.session;
    const ctl = new AbortController();
    const res = await s.api(`/api/v1/sessions/${id}/stream?prompt=${encodeURIComponent('SLOW 4 100')}`, { signal: ctl.signal });
    await readSse(res, (m) => m.event === 'system');
    ctl.abort();
    const session = await waitFor(async () => {
      const v = (await (await s.api(`/api/v1/sessions/${id}`)).json()).session;
      return v.status === 'idle' ? v : null;
    });
    expect(session.lastTurn.status).toBe('completed');
    // The session is idle at the CLI's result line; its per-turn CLI exits right after (stdin closed).
    const pid = await readPid(path.join(workspace, '.fixture-pid'));
    await waitFor(() => !isRunning(pid), 5_000);
    await s.api(`/api/v1/sessions/${id}`, { method: 'DELETE' });
  });

  it('cancels the turn on disconnect with cancelOnDisconnect=true, leaving no process', async () => {
    const { id, workspace } = (await create()).body.session;
    const ctl = new AbortController();
    const res = await s.api(`/api/v1/sessions/${id}/stream?prompt=${encodeURIComponent('SLOW 50 100')}&cancelOnDisconnect=true`, {
      signal: ctl.signal,
    });
    await readSse(res, (m) => m.event === 'system');
    const pid = await readPid(path.join(workspace, '.fixture-pid'));
    ctl.abort();
    const session = await waitFor(async () => {
      const v = (await (await s.api(`/api/v1/sessions/${id}`)).json()).session;
      return v.status === 'idle' ? v : null;
    });
    expect(session.lastTurn.status).toBe('interrupted');
    expect(isRunning(pid)).toBe(false);
    await s.api(`/api/v1/sessions/${id}`, { method: 'DELETE' });
  });

  it('cancels a non-streaming turn whose client vanished, when asked to', async () => {
    const { id, workspace } = (await create()).body.session;
    const ctl = new AbortController();
    const pending = s
      .api(`/api/v1/sessions/${id}/messages?cancelOnDisconnect=true`, { json: { prompt: 'SLOW 50 100' }, signal: ctl.signal })
      .catch(() => null);
    const pid = await readPid(path.join(workspace, '.fixture-pid'));
    ctl.abort();
    await pending;
    const session = await waitFor(async () => {
      const v = (await (await s.api(`/api/v1/sessions/${id}`)).json()).session;
      return v.status === 'idle' ? v : null;
    });
    expect(session.lastTurn.status).toBe('interrupted');
    await waitFor(() => !isRunning(pid));
    await s.api(`/api/v1/sessions/${id}`, { method: 'DELETE' });
  });
});

describe('expiry', () => {
  it('expires idle sessions after SESSION_TTL_MS, never one with a running turn', async () => {
    // A TTL of a few seconds: on a loaded machine a second can pass between creating the busy session and its turn starting.
    const t = await startTestServer({ SESSION_TTL_MS: '3000', SWEEP_INTERVAL_MS: '50' });
    try {
      const busy = (await (await t.api('/api/v1/sessions', { json: {} })).json()).session;
      const turn = t.api(`/api/v1/sessions/${busy.id}/messages`, { json: { prompt: 'SLOW 30 100' } });
      await waitFor(async () => (await (await t.api(`/api/v1/sessions/${busy.id}`)).json()).session.status === 'running');
      const idle = (await (await t.api('/api/v1/sessions', { json: {} })).json()).session;
      await waitFor(async () => (await t.api(`/api/v1/sessions/${idle.id}`)).status === 404, 8000);
      // Expiry deletes in the background: the record goes first, the directory right after.
      await waitFor(() => !existsSync(idle.workspace), 8000);
      expect((await t.api(`/api/v1/sessions/${busy.id}`)).status).toBe(200);
      expect((await (await turn).json()).status).toBe('completed');
      // Activity extended it: it is still there right after its turn, and gone a TTL later.
      expect((await t.api(`/api/v1/sessions/${busy.id}`)).status).toBe(200);
      await waitFor(async () => (await t.api(`/api/v1/sessions/${busy.id}`)).status === 404, 8000);
    } finally {
      await t.close();
    }
  });
});
