import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_CLI, isRunning, readPid, readSse, SseReader, waitFor } from '../support/harness.js';
import { replicaEnv, startRedis, type RedisServer } from '../support/redis.js';
import { spawnServer, type ServerProcess } from '../support/server-process.js';
import { connectWs } from '../support/ws-client.js';

// Replicas dying, pausing and losing Redis: sessions move, writes stay fenced, nothing is lost.

let redis: RedisServer;
let root: string;
const replicas: ServerProcess[] = [];
const LEASE_MS = 2_000;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'cca-failover-'));
  redis = await startRedis(root); // persistent: the restart test needs what was written before
});
afterAll(async () => {
  for (const r of replicas) {
    if (r.child.exitCode === null && r.child.signalCode === null) {
      r.child.kill('SIGCONT');
      r.child.kill('SIGKILL');
      await r.exited;
    }
  }
  await redis.stop();
  await rm(root, { recursive: true, force: true });
});

function cluster(prefix: string) {
  const env = (name: string, extra: Record<string, string>) => ({
    ...replicaEnv({ redisUrl: redis.url, prefix, root, leaseMs: LEASE_MS, fixtureCli: FIXTURE_CLI }, name),
    LOG_LEVEL: 'info',
    ...extra,
  });
  return async (name: string, extra: Record<string, string> = {}) => {
    const srv = await spawnServer(env(name, extra), 60_000);
    replicas.push(srv);
    return srv;
  };
}

const req = (srv: ServerProcess, p: string, init: RequestInit = {}) =>
  fetch(srv.url + '/api/v1' + p, { ...init, headers: { 'content-type': 'application/json', ...(init.headers ?? {}) } });
const post = (srv: ServerProcess, p: string, body: unknown) => req(srv, p, { method: 'POST', body: JSON.stringify(body) });
const session = async (srv: ServerProcess, id: string) => (await (await req(srv, `/sessions/${id}`)).json()).session;
const events = (srv: ServerProcess, id: string, lastEventId?: number) =>
  req(srv, `/sessions/${id}/events`, { headers: { accept: 'text/event-stream', ...(lastEventId !== undefined ? { 'last-event-id': String(lastEventId) } : {}) } });
const tailing = async (srv: ServerProcess) => (await (await req(srv, '/health')).json()).tailing;

describe('node death', () => {
  it('kill -9 of the owner mid-turn: another replica adopts, kills the orphans, keeps context and history', { timeout: 180_000 }, async () => {
    const replica = cluster('death');
    const a = await replica('a');
    const b = await replica('b');
    const s = (await (await post(a, '/sessions', { initialPrompt: 'first' })).json()).session;
    const pending = post(a, `/sessions/${s.id}/messages`, { prompt: 'GRANDCHILD' }).catch(() => null);
    const grandchild = await readPid(path.join(s.workspace, '.grandchild-pid'));
    const child = await readPid(path.join(s.workspace, '.fixture-pid'));
    await waitFor(async () => (await session(b, s.id)).status === 'running', 10_000, 50);
    const killedAt = Date.now();
    a.child.kill('SIGKILL');
    await a.exited;
    await pending;

    // Through B, until it answers from its own adoption (503 SESSION_UNAVAILABLE meanwhile, never a 500).
    let adopted: any;
    await waitFor(
      async () => {
        const res = await req(b, `/sessions/${s.id}`);
        expect([200, 503]).toContain(res.status);
        if (res.status === 503) expect((await res.json()).error.code).toBe('SESSION_UNAVAILABLE');
        else adopted = (await res.json()).session;
        return adopted?.status === 'idle';
      },
      20_000,
      100,
    );
    expect(adopted.lastTurn).toMatchObject({ status: 'interrupted' });
    await waitFor(() => !isRunning(child) && !isRunning(grandchild), 5_000);

    // The next turn runs on B and continues the conversation.
    const next = await (await post(b, `/sessions/${s.id}/messages`, { prompt: 'ARGV' })).json();
    expect(next.status).toBe('completed');
    expect(JSON.parse(next.response)).toContain('--continue');
    const failoverMs = Date.now() - killedAt;
    expect(failoverMs).toBeLessThan(20_000);

    const history = await (await req(b, `/sessions/${s.id}/messages`)).json();
    expect(history.turns.map((t: any) => [t.prompt, t.status])).toEqual([
      ['first', 'completed'],
      ['GRANDCHILD', 'interrupted'],
      ['ARGV', 'completed'],
    ]);
    expect(history.turns[1].endReason).toBe('server_restart');

    // A comes back: it owns nothing, kills nothing of B's, and forwards to B.
    const back = await replica('a');
    const seen = await session(back, s.id);
    expect(seen).toMatchObject({ id: s.id, turnCount: 3, status: 'idle' });
  });

  it('a client tailing through B keeps its one stream across the owner\'s kill -9: the interrupted turn ends, the next turn follows, no gap, no duplicate', { timeout: 180_000 }, async () => {
    const replica = cluster('tail');
    const a = await replica('a');
    const b = await replica('b');
    const s = (await (await post(a, '/sessions', { initialPrompt: 'first' })).json()).session;
    const res = await events(b, s.id, 0);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-cca-served-by')).toBe('b');
    const tail = new SseReader(res);
    await tail.until((m) => m.event === 'turn_finished');
    const pending = post(a, `/sessions/${s.id}/messages`, { prompt: 'SLOW 50 100' }).catch(() => null);
    // Mid-turn: the turn's first events reached B's tail from Redis.
    const started = (await tail.until((m) => m.event === 'turn_started' && m.data.prompt === 'SLOW 50 100'))!;
    await tail.until((m) => m.event === 'assistant' && m.data.turnId === started.data.turnId);
    a.child.kill('SIGKILL');
    await a.exited;
    await pending;

    // B adopts the session; its recovery's end of the turn arrives on the same connection.
    const interrupted = await tail.until((m) => m.event === 'turn_finished' && m.data.turnId === started.data.turnId);
    expect(interrupted?.data).toMatchObject({ status: 'interrupted', endReason: 'server_restart' });
    await waitFor(async () => (await req(b, `/sessions/${s.id}`)).status === 200 && (await session(b, s.id)).status === 'idle', 20_000, 100);
    const next = await (await post(b, `/sessions/${s.id}/messages`, { prompt: 'after the owner died' })).json();
    expect(next.status).toBe('completed');
    await tail.until((m) => m.event === 'turn_finished' && m.data.turnId === next.turnId);
    await tail.cancel();

    const ids = tail.seen.filter((m) => m.id).map((m) => Number(m.id));
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
    expect(tail.seen.filter((m) => m.event === 'turn_finished').map((m) => m.data.status)).toEqual(['completed', 'interrupted', 'completed']);
    expect(tail.seen.filter((m) => m.event === 'turn_started').map((m) => m.data.prompt)).toEqual(['first', 'SLOW 50 100', 'after the owner died']);
    // Nothing the session's log holds was missed: a replay from the start is the same stream.
    const stored = await readSse(await events(b, s.id, 0), (m) => m.event === 'turn_finished' && m.data.turnId === next.turnId);
    expect(stored).toEqual(tail.seen);
    await waitFor(async () => (await tailing(b)).sessions === 0, 5_000, 50);
  });

  it('a paused owner (SIGSTOP past its lease) cannot write after the takeover', { timeout: 180_000 }, async () => {
    const replica = cluster('pause');
    const a = await replica('a');
    const b = await replica('b');
    const s = (await (await post(a, '/sessions', { initialPrompt: 'first' })).json()).session;
    const pending = post(a, `/sessions/${s.id}/messages`, { prompt: 'SLOW 40 100' }).catch(() => null);
    await waitFor(async () => (await session(b, s.id)).status === 'running', 10_000, 50);
    a.child.kill('SIGSTOP');
    try {
      // B's sweep adopts once the lease is out.
      await new Promise((r) => setTimeout(r, LEASE_MS * 2));
      await waitFor(async () => (await req(b, `/sessions/${s.id}`)).status === 200 && (await session(b, s.id)).status === 'idle', 20_000, 200);
      const turn = await (await post(b, `/sessions/${s.id}/messages`, { prompt: 'after takeover' })).json();
      expect(turn.status).toBe('completed');
    } finally {
      a.child.kill('SIGCONT');
    }
    await pending;
    const before = await session(b, s.id);
    // A woke up: it learns it lost the session and writes nothing more of it.
    await waitFor(() => /taken over by another replica|lease lost/.test(a.output()), 10_000, 100);
    await new Promise((r) => setTimeout(r, LEASE_MS));
    const after = await session(b, s.id);
    expect(after.turnCount).toBe(before.turnCount);
    expect(after.lastTurn).toEqual(before.lastTurn);
    expect(after.lastEventId).toBe(before.lastEventId);
    const history = await (await req(b, `/sessions/${s.id}/messages`)).json();
    expect(history.turns.map((t: any) => [t.prompt, t.status])).toEqual([
      ['first', 'completed'],
      ['SLOW 40 100', 'interrupted'],
      ['after takeover', 'completed'],
    ]);
    // Through A too: it forwards to B now.
    expect((await session(a, s.id)).turnCount).toBe(after.turnCount);
  });
});

describe('redis faults', () => {
  it('503 STORE_UNAVAILABLE while Redis is away, running turns finish, recovery by itself', async () => {
    const replica = cluster('faults');
    const a = await replica('a');
    const b = await replica('b');
    const s = (await (await post(a, '/sessions', {})).json()).session;
    const running = post(a, `/sessions/${s.id}/messages`, { prompt: 'SLOW 10 150' });
    await waitFor(async () => (await session(a, s.id)).status === 'running', 10_000, 50);
    await redis.kill();
    try {
    const started = Date.now();
    const list = await req(b, '/sessions');
    expect(list.status).toBe(503);
    expect((await list.json()).error.code).toBe('STORE_UNAVAILABLE');
    const create = await post(b, '/sessions', {});
    expect(create.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(10_000);
    // The turn that was running finishes.
    const done = await (await running).json();
    expect(done.status).toBe('completed');
    } finally {
      await redis.restart();
    }
    await waitFor(async () => (await req(b, '/sessions')).status === 200, 15_000, 200);
    const listed = await (await req(b, '/sessions')).json();
    expect(listed.sessions.map((x: any) => x.id)).toContain(s.id);
    // The record written while Redis was away landed once it was back; A kept its lease.
    // A read during the recovery may still be refused (a replica's Redis connection coming back): not yet.
    await waitFor(async () => (await session(b, s.id))?.turnCount === 1, 10_000, 200);
    const turn = await (await post(b, `/sessions/${s.id}/messages`, { prompt: 'again' })).json();
    expect(turn.status).toBe('completed');
  }, 120_000);

  it('Redis lost while a client tails through the other replica: done with store_unavailable, 503 for a new one, tails again once it is back', async () => {
    const replica = cluster('tailfault');
    const a = await replica('a');
    const b = await replica('b');
    const s = (await (await post(a, '/sessions', { initialPrompt: 'first' })).json()).session;
    const tail = new SseReader(await events(b, s.id, 0));
    await tail.until((m) => m.event === 'turn_finished');
    await redis.kill();
    try {
      const done = await tail.until((m) => m.event === 'done');
      expect(done?.data).toMatchObject({ reason: 'store_unavailable' });
      for (const p of [`/sessions/${s.id}/events`, `/sessions/${s.id}/messages`]) {
        const refused = await req(b, p);
        expect(refused.status).toBe(503);
        expect((await refused.json()).error.code).toBe('STORE_UNAVAILABLE');
      }
    } finally {
      await redis.restart();
    }
    await waitFor(async () => (await req(b, '/sessions')).status === 200, 15_000, 200);
    const again = await readSse(await events(b, s.id, 0), (m) => m.event === 'turn_finished');
    expect(again.map((m) => m.event)).toEqual(tail.seen.filter((m) => m.event !== 'done').map((m) => m.event));
    expect(b.child.exitCode).toBeNull();
    await waitFor(async () => (await tailing(b)).sessions === 0, 5_000, 50);
  }, 120_000);

  it('exits with a clear message when Redis is not there at start', { timeout: 60_000 }, async () => {
    await expect(
      spawnServer({ REDIS_URL: 'redis://127.0.0.1:1', WORKSPACE_ROOT: path.join(root, 'nostart', 'ws'), HOME: root, CLAUDE_BIN: FIXTURE_CLI }, 30_000),
    ).rejects.toThrow(/REDIS_URL redis:\/\/127\.0\.0\.1:1\/? cannot be reached/);
  });
});

describe('shared limits', () => {
  it('rate limits and session caps count across replicas, exactly', { timeout: 180_000 }, async () => {
    const replica = cluster('limits');
    const extra = { RATE_LIMIT_MAX: '40', RATE_LIMIT_WINDOW_MS: '60000', MAX_SESSIONS: '3' };
    const a = await replica('a', extra);
    const b = await replica('b', extra);
    // Concurrent creates on both replicas: exactly MAX_SESSIONS succeed.
    const creates = await Promise.all([a, b, a, b, a, b].map((srv) => post(srv, '/sessions', {})));
    const statuses = creates.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 201, 201, 429, 429, 429]);
    // One budget: what A spent, B sees.
    const ra = await req(a, '/sessions');
    const rb = await req(b, '/sessions');
    expect(Number(rb.headers.get('ratelimit-remaining'))).toBe(Number(ra.headers.get('ratelimit-remaining')) - 1);
    let last: Response | undefined;
    for (let i = 0; i < 40; i++) {
      last = await req(i % 2 ? a : b, '/sessions');
      if (last.status === 429) break;
    }
    expect(last!.status).toBe(429);
    expect(last!.headers.get('retry-after')).toBeTruthy();
  });
});

describe('websocket through a replica that is not the owner', () => {
  it('relays frames both ways', { timeout: 180_000 }, async () => {
    const replica = cluster('ws');
    const a = await replica('a');
    const b = await replica('b');
    const s = (await (await post(a, '/sessions', {})).json()).session;
    const ticket = (await (await post(b, `/sessions/${s.id}/ws-ticket`, {})).json()).ticket;
    const ws = await connectWs(`${b.url.replace('http', 'ws')}/api/v1/sessions/${s.id}/ws?ticket=${ticket}`, { protocols: ['claude-code-api'] });
    ws.send({ type: 'message', prompt: 'over the bridge' });
    const ack = await ws.next((f) => f.type === 'ack', 10_000);
    expect(ack.for).toBe('message');
    const finished = await ws.next((f) => f.type === 'turn_finished', 15_000);
    expect(finished.text).toBe('fixture: over the bridge');
    ws.ws.close();
  });
});
