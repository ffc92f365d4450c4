import { Redis } from 'ioredis';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keys } from '../../src/shared-state/keys.js';
import { Scripts } from '../../src/shared-state/scripts.js';
import { newSessionId } from '../../src/sessions/session-ids.js';
import { FIXTURE_CLI, waitFor } from '../support/harness.js';
import { replicaEnv, startRedis, type RedisServer } from '../support/redis.js';
import { spawnServer, type ServerProcess } from '../support/server-process.js';

// The session caps in shared mode when a replica dies between reserving a place (the admit
// script) and writing the session's record: the place comes back within a bounded time.

const LEASE_MS = 1_000;
const KEY = 'sk-caps-alice-0123456789';
let redis: RedisServer;
let kv: Redis;
let root: string;
const replicas: ServerProcess[] = [];

beforeAll(async () => {
  redis = await startRedis();
  kv = new Redis(redis.url);
  root = await mkdtemp(path.join(os.tmpdir(), 'cca-caps-'));
});
afterAll(async () => {
  for (const r of replicas) {
    if (r.child.exitCode === null && r.child.signalCode === null) {
      r.child.kill('SIGKILL');
      await r.exited;
    }
  }
  kv?.disconnect();
  await redis?.stop();
  await rm(root, { recursive: true, force: true });
});

function cluster(prefix: string, extra: Record<string, string>) {
  return async (name: string) => {
    const srv = await spawnServer(
      { ...replicaEnv({ redisUrl: redis.url, prefix, root, leaseMs: LEASE_MS, fixtureCli: FIXTURE_CLI }, name), ...extra },
      60_000,
    );
    replicas.push(srv);
    return srv;
  };
}

const create = (srv: ServerProcess, headers: Record<string, string> = {}) =>
  fetch(`${srv.url}/api/v1/sessions`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });

/** Ids in the sessions set without a record: places held by creates not (yet) finished. */
async function unfinished(prefix: string): Promise<string[]> {
  const ids = await kv.zrange(`${prefix}:sessions`, '0', '-1');
  const records = ids.length ? await kv.mget(ids.map((id) => `${prefix}:session:${id}`)) : [];
  return ids.filter((_, i) => records[i] === null);
}

describe('cap places of creates a dead replica did not finish', () => {
  it('a reservation without a record (its replica gone) frees the key\'s place within 1.5 leases', { timeout: 60_000 }, async () => {
    const a = await cluster('inject', { API_KEYS: `alice:${KEY}`, MAX_SESSIONS: '10', MAX_SESSIONS_PER_KEY: '2' })('a');
    const alice = { 'x-api-key': KEY };
    expect((await create(a, alice)).status).toBe(201);
    // A replica `ghost` ran the real admit script for alice, then died before writing the record.
    const keys = new Keys('inject:');
    const scripts = new Scripts(kv);
    const ghostId = newSessionId();
    const [code] = await scripts.run<[number, number]>(
      'admit',
      [keys.sessions, keys.ownerSessions('alice'), keys.lease(ghostId), keys.epoch(ghostId), keys.admitting],
      [Date.now(), ghostId, 10, 2, 2, 10, 'ghost', LEASE_MS, 'alice'],
    );
    expect(code).toBe(0);
    const full = await create(a, alice);
    expect(full.status).toBe(429);
    expect((await full.json()).error.code).toBe('SESSION_LIMIT');
    const since = Date.now();
    // Lease runs out (1 lease), a sweep within half a lease gives the place back.
    let status = 0;
    await waitFor(async () => (status = (await create(a, alice)).status) === 201, 3 * LEASE_MS, 50);
    const freedMs = Date.now() - since;
    console.log(`reserved place freed after ${freedMs} ms (OWNER_LEASE_MS ${LEASE_MS})`);
    expect(freedMs).toBeLessThan(1.5 * LEASE_MS + 500);
    expect(await kv.zscore(keys.sessions, ghostId)).toBeNull();
    expect(await kv.zscore(keys.ownerSessions('alice'), ghostId)).toBeNull();
    expect(await kv.hlen(keys.admitting)).toBe(0);
    expect(await kv.zcard(keys.ownerSessions('alice'))).toBe(2);
  });

  it('kill -9 of a replica while creates are in flight: the count of places settles to the sessions that exist', { timeout: 90_000 }, async () => {
    const replica = cluster('kill', { MAX_SESSIONS: '12' });
    const a = await replica('a');
    const b = await replica('b');
    let answered = 0;
    const burst = Array.from({ length: 30 }, () =>
      create(a)
        .then((r) => (r.status === 201 ? answered++ : 0))
        .catch(() => null),
    );
    // Killed the moment Redis shows creates admitted whose record is not written yet.
    await waitFor(async () => (await kv.hlen('kill:admitting')) >= 3, 20_000, 1);
    a.child.kill('SIGKILL');
    await a.exited;
    await Promise.all(burst);
    const orphaned = (await unfinished('kill')).length;
    console.log(`after kill -9: ${answered} creates answered, ${orphaned} places held by creates not finished`);
    // Within the lease and a sweep, every place left is a session with a record.
    const killedAt = Date.now();
    await waitFor(async () => (await unfinished('kill')).length === 0, 2 * LEASE_MS + 1_000, 50);
    console.log(`places of unfinished creates given back ${Date.now() - killedAt} ms after the kill (OWNER_LEASE_MS ${LEASE_MS})`);
    expect(await kv.hlen('kill:admitting')).toBe(0);
    // And the whole of MAX_SESSIONS is usable through the survivor.
    let made = await kv.zcard('kill:sessions');
    for (let i = 0; i < 20 && made < 12; i++) {
      const r = await create(b);
      expect(r.status).toBe(201);
      made++;
    }
    expect(made).toBe(12);
    const over = await create(b);
    expect(over.status).toBe(429);
    expect(await kv.zcard('kill:sessions')).toBe(12);
  });
});
