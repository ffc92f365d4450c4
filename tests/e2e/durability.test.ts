import { readdirSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_CLI, isRunning, readPid, SseReader, readSse, startTestServer, waitFor } from '../support/harness.js';
import { spawnServer, type ServerProcess } from '../support/server-process.js';

// Sessions and their history survive restarts, clean (SIGTERM) and not (SIGKILL).

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'cca-durable-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const env = (dir: string) => ({ WORKSPACE_ROOT: dir, HOME: dir, CLAUDE_BIN: FIXTURE_CLI, KILL_GRACE_MS: '300', LOG_LEVEL: 'info' });
const post = (srv: ServerProcess, p: string, json: unknown) =>
  fetch(srv.url + p, { method: 'POST', body: JSON.stringify(json), headers: { 'content-type': 'application/json' } });
const get = async (srv: ServerProcess, p: string) => (await fetch(srv.url + p)).json();

describe('restarts', () => {
  it('keeps sessions, totals and history across a clean restart', async () => {
    const dir = path.join(root, 'clean');
    let srv = await spawnServer(env(dir));
    const created = (await (await post(srv, '/api/v1/sessions', { name: 'keeper', model: 'opus', initialPrompt: 'first' })).json()).session;
    await post(srv, `/api/v1/sessions/${created.id}/messages`, { prompt: 'second' });
    const before = (await get(srv, `/api/v1/sessions/${created.id}`)).session;
    srv.child.kill('SIGTERM');
    expect((await srv.exited).code).toBe(0);

    srv = await spawnServer(env(dir));
    try {
      const after = (await get(srv, `/api/v1/sessions/${created.id}`)).session;
      expect(after).toMatchObject({
        id: created.id, name: 'keeper', model: 'opus', turnCount: 2, claudeSessionId: before.claudeSessionId, status: 'idle',
        totals: before.totals, lastEventId: before.lastEventId,
      });
      const history = await get(srv, `/api/v1/sessions/${created.id}/messages`);
      expect(history.turns.map((t: any) => [t.prompt, t.status, t.response])).toEqual([
        ['first', 'completed', 'fixture: first'],
        ['second', 'completed', 'fixture: second'],
      ]);
      // Event ids continue after the restart; the next turn continues the conversation.
      const third = await (await post(srv, `/api/v1/sessions/${created.id}/messages`, { prompt: 'ARGV' })).json();
      expect(third.events[0].id).toBe(before.lastEventId + 1);
      expect(JSON.parse(third.response)).toContain('--continue');
    } finally {
      srv.child.kill('SIGTERM');
      await srv.exited;
    }
  });

  it('with the spawn helper, a server killed by SIGKILL leaves no CLI: the helper ends them at once', async () => {
    const dir = path.join(root, 'killed-helper');
    let srv = await spawnServer({ ...env(dir), SPAWN_HELPER: 'on' });
    const a = (await (await post(srv, '/api/v1/sessions', { initialPrompt: 'hello' })).json()).session;
    const pending = post(srv, `/api/v1/sessions/${a.id}/messages`, { prompt: 'GRANDCHILD' }).catch(() => null);
    const grandchild = await readPid(path.join(a.workspace, '.grandchild-pid'));
    const child = await readPid(path.join(a.workspace, '.fixture-pid'));
    srv.child.kill('SIGKILL');
    await srv.exited;
    await pending;
    await waitFor(() => !isRunning(child) && !isRunning(grandchild), 5000);
    srv = await spawnServer({ ...env(dir), SPAWN_HELPER: 'on' });
    try {
      expect(srv.output()).toMatch(/"interruptedTurns":1,"orphansKilled":0/);
      const next = await (await post(srv, `/api/v1/sessions/${a.id}/messages`, { prompt: 'ARGV' })).json();
      expect(JSON.parse(next.response)).toContain('--continue');
    } finally {
      srv.child.kill('SIGTERM');
      await srv.exited;
    }
  });

  it('records a turn cut by SIGKILL as interrupted, kills its orphans, and goes on', async () => {
    const dir = path.join(root, 'killed');
    // Without the helper (or when it died with the server), CLIs outlive the server until the next one starts.
    let srv = await spawnServer({ ...env(dir), SPAWN_HELPER: 'off' });
    expect((await get(srv, '/api/v1/health')).spawner).toBe('direct');
    const a = (await (await post(srv, '/api/v1/sessions', { initialPrompt: 'hello' })).json()).session;
    const pending = post(srv, `/api/v1/sessions/${a.id}/messages`, { prompt: 'GRANDCHILD' }).catch(() => null);
    const grandchild = await readPid(path.join(a.workspace, '.grandchild-pid'));
    const child = await readPid(path.join(a.workspace, '.fixture-pid'));
    await waitFor(async () => (await get(srv, `/api/v1/sessions/${a.id}`)).session.status === 'running');
    // No wait for the record: the pid is on disk before the CLI gets its prompt (and so before the grandchild exists).
    srv.child.kill('SIGKILL');
    await srv.exited;
    await pending;
    expect(isRunning(child)).toBe(true); // orphaned: nobody killed it yet
    expect(isRunning(grandchild)).toBe(true);

    srv = await spawnServer({ ...env(dir), SPAWN_HELPER: 'off' });
    try {
      expect(srv.output()).toMatch(/"interruptedTurns":1,"orphansKilled":2/);
      await waitFor(() => !isRunning(child) && !isRunning(grandchild));
      const session = (await get(srv, `/api/v1/sessions/${a.id}`)).session;
      expect(session.status).toBe('idle');
      expect(session.lastTurn).toMatchObject({ status: 'interrupted' });
      const history = await get(srv, `/api/v1/sessions/${a.id}/messages?order=desc&limit=1`);
      expect(history.turns[0]).toMatchObject({ prompt: 'GRANDCHILD', status: 'interrupted', endReason: 'server_restart' });
      expect(history.nextCursor).toBe(2);
      const older = await get(srv, `/api/v1/sessions/${a.id}/messages?order=desc&limit=1&cursor=2`);
      expect(older.turns.map((t: any) => t.prompt)).toEqual(['hello']);
      expect(older.nextCursor).toBeNull();
      const next = await (await post(srv, `/api/v1/sessions/${a.id}/messages`, { prompt: 'ARGV' })).json();
      expect(JSON.parse(next.response)).toContain('--continue');
    } finally {
      srv.child.kill('SIGTERM');
      await srv.exited;
    }
  });

  it('records a turn stopped by SIGTERM as interrupted (shutdown)', async () => {
    const dir = path.join(root, 'term');
    let srv = await spawnServer(env(dir));
    const a = (await (await post(srv, '/api/v1/sessions', {})).json()).session;
    const pending = post(srv, `/api/v1/sessions/${a.id}/messages`, { prompt: 'SLOW 50 100' });
    await waitFor(async () => (await get(srv, `/api/v1/sessions/${a.id}`)).session.status === 'running');
    srv.child.kill('SIGTERM');
    expect((await (await pending).json()).status).toBe('interrupted');
    await srv.exited;
    srv = await spawnServer(env(dir));
    try {
      expect(srv.output()).toMatch(/"interruptedTurns":0/);
      const t = (await get(srv, `/api/v1/sessions/${a.id}/messages`)).turns[0];
      expect(t).toMatchObject({ status: 'interrupted', endReason: 'shutdown' });
    } finally {
      srv.child.kill('SIGTERM');
      await srv.exited;
    }
  });

  it('survives torn writes: a corrupt record is reported and skipped, a torn history line is cut', async () => {
    const dir = path.join(root, 'torn');
    let srv = await spawnServer(env(dir));
    const good = (await (await post(srv, '/api/v1/sessions', { initialPrompt: 'keep me' })).json()).session;
    const bad = (await (await post(srv, '/api/v1/sessions', {})).json()).session;
    srv.child.kill('SIGTERM');
    await srv.exited;
    const sessions = path.join(`${dir}-state`, 'sessions');
    const badFile = path.join(sessions, `${bad.id}.json`);
    writeFileSync(badFile, readFileSync(badFile, 'utf8').slice(0, 40)); // cut mid-write
    writeFileSync(path.join(sessions, `.${good.id}.json.dead.tmp`), '{"half":'); // a rename that never happened
    appendFileSync(path.join(`${dir}-state`, 'history', `${good.id}.jsonl`), '{"id":99,"type":"assis'); // torn append

    srv = await spawnServer(env(dir));
    try {
      expect(srv.output()).toContain('session record unreadable: skipped');
      const list = (await get(srv, '/api/v1/sessions')).sessions.map((s: any) => s.id);
      expect(list).toEqual([good.id]);
      const next = await (await post(srv, `/api/v1/sessions/${good.id}/messages`, { prompt: 'after repair' })).json();
      expect(next.status).toBe('completed');
      const turns = (await get(srv, `/api/v1/sessions/${good.id}/messages`)).turns;
      expect(turns.map((t: any) => t.prompt)).toEqual(['keep me', 'after repair']);
      const lines = readFileSync(path.join(`${dir}-state`, 'history', `${good.id}.jsonl`), 'utf8').trim().split('\n');
      expect(lines.every((l) => JSON.parse(l).id > 0)).toBe(true);
      expect(readdirSync(sessions).filter((n) => n.endsWith('.json'))).toContain(`${bad.id}.json`); // kept for inspection
    } finally {
      srv.child.kill('SIGTERM');
      await srv.exited;
    }
  });
});

describe('the session event stream', () => {
  it('resumes after a dropped connection with Last-Event-ID: no gaps, no duplicates', async () => {
    const s = await startTestServer({ EVENT_REPLAY_BUFFER: '10' });
    try {
      const { id } = (await (await s.api('/api/v1/sessions', { json: {} })).json()).session;
      const ctl = new AbortController();
      const first = new SseReader(await s.api(`/api/v1/sessions/${id}/events?after=0`, { signal: ctl.signal }));
      const watcher = readSse(await s.api(`/api/v1/sessions/${id}/events?after=0`), (m) => m.event === 'turn_finished');
      const turn = s.api(`/api/v1/sessions/${id}/messages`, { json: { prompt: 'SLOW 30 20' } });
      await first.until((m) => m.event === 'assistant' && m.data.message.message.content[0].text === 'tick10');
      ctl.abort();
      const got1 = first.seen.filter((m) => m.id);
      const lastId = got1.at(-1)!.id!;
      await turn;
      // Reconnect after the turn ended: the buffer of 10 no longer holds the gap, the file does.
      const second = new SseReader(await s.api(`/api/v1/sessions/${id}/events`, { headers: { 'last-event-id': lastId } }));
      await second.until((m) => m.event === 'turn_finished');
      await second.cancel();
      const union = [...got1, ...second.seen].map((m) => Number(m.id));
      const all = (await watcher).map((m) => Number(m.id));
      expect(union).toEqual(all);
      expect(new Set(union).size).toBe(union.length);
      expect(union).toEqual(Array.from({ length: union.length }, (_, i) => i + 1));
      expect((await s.api(`/api/v1/sessions/${id}/events`, { headers: { 'last-event-id': 'abc' } })).status).toBe(400);
    } finally {
      await s.close();
    }
  });
});
