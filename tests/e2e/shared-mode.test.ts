import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_CLI, isRunning, readPid, readSse, SseReader, waitFor, type SseMessage } from '../support/harness.js';
import { startRedis, type RedisServer } from '../support/redis.js';
import { spawnServer, type ServerProcess } from '../support/server-process.js';

// Several replicas of the real server on one real redis-server, sharing a workspace root and
// the per-session CLI state (SANDBOX_DIR); each replica has its own STATE_DIR.

let redis: RedisServer;
let root: string;
const replicas: ServerProcess[] = [];

const LEASE_MS = 2_000;
const env = (name: string, extra: Record<string, string> = {}) => ({
  REDIS_URL: redis.url,
  NODE_ID: name,
  OWNER_LEASE_MS: String(LEASE_MS),
  WORKSPACE_ROOT: path.join(root, 'workspaces'),
  SANDBOX_DIR: path.join(root, 'sandboxes'),
  STATE_DIR: path.join(root, `state-${name}`),
  HOME: root,
  CLAUDE_BIN: FIXTURE_CLI,
  KILL_GRACE_MS: '300',
  LOG_LEVEL: 'info',
  ...extra,
});

async function replica(name: string, extra: Record<string, string> = {}): Promise<ServerProcess> {
  const srv = await spawnServer(env(name, extra), 60_000);
  replicas.push(srv);
  return srv;
}

const json = (srv: ServerProcess, p: string, init: RequestInit = {}) =>
  fetch(srv.url + '/api/v1' + p, { ...init, headers: { 'content-type': 'application/json', ...(init.headers ?? {}) } });
const post = (srv: ServerProcess, p: string, body: unknown) => json(srv, p, { method: 'POST', body: JSON.stringify(body) });

beforeAll(async () => {
  redis = await startRedis();
  root = await mkdtemp(path.join(os.tmpdir(), 'cca-shared-'));
});
afterAll(async () => {
  for (const r of replicas) {
    if (r.child.exitCode === null && r.child.signalCode === null) {
      r.child.kill('SIGKILL');
      await r.exited;
    }
  }
  await redis.stop();
  await rm(root, { recursive: true, force: true });
});

describe('shared mode: two replicas on one Redis', () => {
  let a: ServerProcess;
  let b: ServerProcess;
  beforeAll(async () => {
    a = await replica('node-a');
    b = await replica('node-b');
  }, 150_000);

  it('answers every session route from the replica that does not own the session', { timeout: 120_000 }, async () => {
    const created = await post(a, '/sessions', { name: 'shared', initialPrompt: 'first' });
    expect(created.status).toBe(201);
    const session = (await created.json()).session;
    const id = session.id;

    // get and list through B
    const got = await (await json(b, `/sessions/${id}`)).json();
    expect(got.session).toMatchObject({ id, name: 'shared', turnCount: 1, status: 'idle' });
    const listed = await (await json(b, '/sessions')).json();
    expect(listed.sessions.map((s: { id: string }) => s.id)).toContain(id);

    // a turn through B runs on A (the owner) with the conversation's context
    const turn = await (await post(b, `/sessions/${id}/messages`, { prompt: 'ARGV' })).json();
    expect(turn.status).toBe('completed');
    expect(JSON.parse(turn.response)).toContain('--continue');

    // history through B
    const history = await (await json(b, `/sessions/${id}/messages`)).json();
    expect(history.turns.map((t: { prompt: string }) => t.prompt)).toEqual(['first', 'ARGV']);

    // SSE replay through B with Last-Event-ID
    const ac = new AbortController();
    const res = await json(b, `/sessions/${id}/events`, { headers: { 'last-event-id': '1', accept: 'text/event-stream' }, signal: ac.signal });
    expect(res.status).toBe(200);
    const events = await readSse(res, (m) => m.event === 'turn_finished' && Number(m.id) > 3);
    ac.abort();
    expect(Number(events[0]!.id)).toBe(2);

    // files through B
    const put = await fetch(`${b.url}/api/v1/sessions/${id}/files/content?path=hello.txt`, { method: 'PUT', body: 'hi there' });
    expect(put.status).toBeLessThan(300);
    const read = await fetch(`${a.url}/api/v1/sessions/${id}/files/content?path=hello.txt`);
    expect(await read.text()).toBe('hi there');

    // usage through B
    expect((await json(b, `/sessions/${id}/usage`)).status).toBe(200);
    // permissions through B
    expect((await (await json(b, `/sessions/${id}/permissions`)).json())).toBeDefined();

    // delete through B: gone everywhere
    expect((await json(b, `/sessions/${id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await json(a, `/sessions/${id}`)).status).toBe(404);
    expect((await json(b, `/sessions/${id}`)).status).toBe(404);
  });

  it('streams SSE live through the other replica: a turn on B, the event tail on B, and a reconnect on A resumes', { timeout: 120_000 }, async () => {
    const id = (await (await post(a, '/sessions', {})).json()).session.id;
    // A live tail through B (not the owner) before the turn starts.
    const tail = await json(b, `/sessions/${id}/events`, { headers: { accept: 'text/event-stream' } });
    expect(tail.status).toBe(200);
    const tailed = readSse(tail, (m) => m.event === 'turn_finished');
    // The turn's own stream through B.
    const res = await json(b, `/sessions/${id}/stream?prompt=${encodeURIComponent('SLOW 3 100')}`);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const streamed = await readSse(res);
    const ids = streamed.filter((m) => m.id).map((m) => Number(m.id));
    expect(ids.length).toBeGreaterThan(3);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(streamed.some((m) => m.event === 'turn_finished')).toBe(true);
    const live = await tailed;
    expect(live.filter((m) => m.id).map((m) => Number(m.id))).toEqual(ids);
    // Reconnect on the other replica with Last-Event-ID: the rest, same ids.
    const ac = new AbortController();
    const again = await json(a, `/sessions/${id}/events`, { headers: { 'last-event-id': String(ids[1]), accept: 'text/event-stream' }, signal: ac.signal });
    const rest = await readSse(again, (m) => m.event === 'turn_finished');
    ac.abort();
    expect(rest.filter((m) => m.id).map((m) => Number(m.id))).toEqual(ids.slice(2));
  });

  const tailing = async (srv: ServerProcess) => (await (await json(srv, '/health')).json()).tailing;
  const sse = (srv: ServerProcess, id: string, lastEventId?: number, signal?: AbortSignal) =>
    json(srv, `/sessions/${id}/events`, { headers: { accept: 'text/event-stream', ...(lastEventId !== undefined ? { 'last-event-id': String(lastEventId) } : {}) }, signal });
  const ids = (ms: SseMessage[]) => ms.filter((m) => m.id).map((m) => Number(m.id));

  it('replays and tails through the replica that does not own the session, from Redis, with the owner\'s frames', { timeout: 120_000 }, async () => {
    const id = (await (await post(a, '/sessions', { initialPrompt: 'first' })).json()).session.id;
    expect((await json(a, `/sessions/${id}`)).headers.get('x-cca-served-by')).toBe('node-a');

    // B replays everything (Last-Event-ID 0) and stays on for the live tail: it answers itself.
    const onB = await sse(b, id, 0);
    expect(onB.status).toBe(200);
    expect(onB.headers.get('x-cca-served-by')).toBe('node-b');
    const tail = new SseReader(onB);
    const firstTurn = await tail.until((m) => m.event === 'turn_finished');
    expect(firstTurn?.data.status).toBe('completed');
    expect(await tailing(b)).toEqual({ sessions: 1, subscribers: 1 });

    // A turn run by A arrives live on B's connection.
    const turn = await (await post(a, `/sessions/${id}/messages`, { prompt: 'SLOW 3 100' })).json();
    expect(turn.status).toBe('completed');
    await tail.until((m) => m.event === 'turn_finished' && m.data.turnId === turn.turnId);
    const seen = tail.seen;
    expect(ids(seen)).toEqual(ids(seen).map((_, i) => i + 1));

    // The owner's own stream of the same events: the same frames, event for event.
    const ac = new AbortController();
    const fromOwner = await readSse(await sse(a, id, 0, ac.signal), (m) => m.event === 'turn_finished' && m.data.turnId === turn.turnId);
    ac.abort();
    expect(fromOwner).toEqual(seen);

    // Last-Event-ID on the other replica: the rest, from the same ids.
    const mid = ids(seen)[Math.floor(seen.length / 2)]!;
    const ac2 = new AbortController();
    const resumed = await readSse(await sse(b, id, mid, ac2.signal), (m) => m.event === 'turn_finished' && m.data.turnId === turn.turnId);
    ac2.abort();
    expect(resumed).toEqual(seen.filter((m) => Number(m.id) > mid));

    // History through B: answered by B, the same as the owner's.
    const hb = await json(b, `/sessions/${id}/messages`);
    expect(hb.headers.get('x-cca-served-by')).toBe('node-b');
    expect(await hb.json()).toEqual(await (await json(a, `/sessions/${id}/messages`)).json());

    // The client leaves: B tails nothing any more.
    await tail.cancel();
    await waitFor(async () => (await tailing(b)).sessions === 0, 5_000, 50);
    expect(await tailing(b)).toEqual({ sessions: 0, subscribers: 0 });
    expect(await tailing(a)).toEqual({ sessions: 0, subscribers: 0 });
  });

  it('a tail on the other replica ends with done when the session is deleted; an unknown session is a 404 there', { timeout: 120_000 }, async () => {
    const id = (await (await post(a, '/sessions', { initialPrompt: 'first' })).json()).session.id;
    const tail = new SseReader(await sse(b, id));
    await waitFor(async () => (await tailing(b)).sessions === 1, 5_000, 50);
    expect((await json(a, `/sessions/${id}`, { method: 'DELETE' })).status).toBe(200);
    const done = await tail.until((m) => m.event === 'done');
    expect(done?.data).toEqual({ reason: 'closed', lastEventId: null });
    await waitFor(async () => (await tailing(b)).sessions === 0, 5_000, 50);

    for (const path of [`/sessions/${id}/events`, `/sessions/${id}/messages`, '/sessions/00000000000000000000/events']) {
      const res = await json(b, path);
      expect(res.status).toBe(404);
      expect((await res.json()).error.code).toBe('SESSION_NOT_FOUND');
    }
  });

  it('holds one turn at a time across replicas and interrupts from the other one', { timeout: 120_000 }, async () => {
    const id = (await (await post(a, '/sessions', {})).json()).session.id;
    const slow = post(a, `/sessions/${id}/messages`, { prompt: 'SLOW 50 200' });
    await waitFor(async () => (await (await json(b, `/sessions/${id}`)).json()).session.status === 'running', 10_000, 50);
    const busy = await post(b, `/sessions/${id}/messages`, { prompt: 'again' });
    expect(busy.status).toBe(409);
    expect((await busy.json()).error.code).toBe('SESSION_BUSY');
    const stop = await post(b, `/sessions/${id}/interrupt`, {});
    expect(stop.status).toBeLessThan(300);
    const outcome = await (await slow).json();
    expect(outcome.status).toBe('interrupted');
  });
});

describe('shared mode with API keys: the reads served from Redis keep the tenancy rules', () => {
  const ALICE = 'sk-alice-0123456789';
  const BOB = 'sk-bob-0123456789ab';
  const ADMIN = 'sk-admin-0123456789';
  const keys = { API_KEYS: `alice:${ALICE},bob:${BOB}`, ADMIN_KEYS: `ops:${ADMIN}`, REDIS_KEY_PREFIX: 'keyed:' };
  const as = (key: string, srv: ServerProcess, p: string, init: RequestInit = {}) => json(srv, p, { ...init, headers: { 'x-api-key': key, ...(init.headers ?? {}) } });

  it('another tenant gets the 404 an unknown session gets; the owner and an admin read through the other replica', { timeout: 150_000 }, async () => {
    const a = await replica('keyed-a', keys);
    const b = await replica('keyed-b', keys);
    const created = await as(ALICE, a, '/sessions', { method: 'POST', body: JSON.stringify({ initialPrompt: 'mine' }) });
    expect(created.status).toBe(201);
    const id = (await created.json()).session.id;
    const unknown = await (await as(BOB, b, '/sessions/00000000000000000000/events')).json();
    for (const p of [`/sessions/${id}/events`, `/sessions/${id}/messages`]) {
      const res = await as(BOB, b, p);
      expect(res.status).toBe(404);
      expect(res.headers.get('x-cca-served-by')).toBe('keyed-b');
      const body = await res.json();
      expect({ code: body.error.code, message: body.error.message }).toEqual({ code: 'SESSION_NOT_FOUND', message: unknown.error.message });
      expect((await as('sk-nobody-0123456789', b, p)).status).toBe(401);
    }
    for (const key of [ALICE, ADMIN]) {
      const history = await as(key, b, `/sessions/${id}/messages`);
      expect(history.status).toBe(200);
      expect(history.headers.get('x-cca-served-by')).toBe('keyed-b');
      expect((await history.json()).turns.map((t: { prompt: string }) => t.prompt)).toEqual(['mine']);
      const ac = new AbortController();
      const events = await readSse(await as(key, b, `/sessions/${id}/events`, { headers: { 'last-event-id': '0' }, signal: ac.signal }), (m) => m.event === 'turn_finished');
      ac.abort();
      expect(events.at(-1)?.data.status).toBe('completed');
    }
  });
});
