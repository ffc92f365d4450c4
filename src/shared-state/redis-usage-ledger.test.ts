import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../tests/support/harness.js';
import { startRedis, type RedisServer } from '../../tests/support/redis.js';
import { finishedTurn as finished, ledgerRecord as record } from '../../tests/support/usage-events.js';
import { Keys } from './keys.js';
import { RedisUsageLedger, type RedisUsageLedgerOptions } from './redis-usage-ledger.js';
import { Scripts } from './scripts.js';

// Replicas' ledgers against a real redis-server: each reads the whole hash once, then only the
// feed of changes; what another replica counts arrives once, a replica's own once too.

let server: RedisServer;
const clients: Redis[] = [];
const ledgers: RedisUsageLedger[] = [];
const logger = pino({ level: 'silent' });
let prefix = 0;
let keys: Keys;

beforeAll(async () => {
  server = await startRedis();
});
afterEach(async () => {
  for (const l of ledgers.splice(0)) await l.flush();
  for (const c of clients.splice(0)) c.disconnect();
});
afterAll(async () => {
  await server.stop();
});

async function client(): Promise<Redis> {
  const c = new Redis(server.url, { maxRetriesPerRequest: 1, lazyConnect: true });
  c.on('error', () => {});
  await c.connect();
  clients.push(c);
  return c;
}

/** A replica's ledger, on a connection of its own, loaded; the timer far off so that tests refresh by hand. */
async function replica(opts: RedisUsageLedgerOptions = {}): Promise<RedisUsageLedger> {
  const c = await client();
  const l = new RedisUsageLedger(c, keys, new Scripts(c), logger, { refreshMs: 3_600_000, ...opts });
  await l.load();
  ledgers.push(l);
  return l;
}

/** Waits until Redis holds `turns` turns in all (the scripts are sent without waiting for them). */
async function settled(turns: number): Promise<void> {
  const c = await client();
  await waitFor(async () => Number((await c.get(keys.usageSeq)) ?? 0) >= turns, 2_000, 10);
}

describe('RedisUsageLedger', () => {
  it('shows each replica what the others counted, once, and its own at once', async () => {
    keys = new Keys(`ledger-${++prefix}:`);
    const a = await replica();
    const b = await replica();
    a.observe(record('alice'), finished(1));
    expect(a.spentSince('alice', '2026-12-01')).toBe(1); // its own, before Redis answered
    b.observe(record('alice'), finished(2));
    b.observe(record('bob'), finished(4));
    await settled(3);
    await a.refresh();
    await b.refresh();
    await a.refresh(); // nothing new: nothing counted twice
    for (const l of [a, b]) {
      expect(l.spentSince('alice', '2026-12-01')).toBe(3);
      expect(l.spentSince('bob', '2026-12-01')).toBe(4);
    }
    // A replica started later reads the whole hash and agrees.
    const c = await replica();
    expect(c.report(null)).toEqual(a.report(null));
  });

  it('reads the whole hash again when the feed was trimmed past its copy', async () => {
    keys = new Keys(`ledger-${++prefix}:`);
    const a = await replica({ feedMax: 5 });
    const b = await replica({ feedMax: 5 });
    for (let i = 0; i < 300; i++) b.observe(record('alice'), finished(0.5));
    await settled(300);
    const c = await client();
    expect(await c.xlen(keys.usageFeed)).toBeLessThan(300); // trimmed: a's next entry is gone
    await a.refresh();
    expect(a.spentSince('alice', '2026-12-01')).toBe(150);
    await b.refresh();
    expect(b.spentSince('alice', '2026-12-01')).toBe(150);
  });

  it('reads past a batch, and keeps its own change counted across a reload that came before it reached Redis', async () => {
    keys = new Keys(`ledger-${++prefix}:`);
    const a = await replica({ batch: 7, fullReloadMs: 0 });
    const b = await replica({ batch: 7 });
    for (let i = 0; i < 50; i++) b.observe(record('bob'), finished(1));
    await settled(50);
    await a.refresh(); // fullReloadMs 0: a full read
    a.observe(record('alice'), finished(10));
    await a.refresh(); // sent after a's script on the same connection: holds it
    await a.refresh();
    expect(a.spentSince('alice', '2026-12-01')).toBe(10);
    await b.refresh(); // 50 of its own and a's, in batches of 7
    expect(b.spentSince('alice', '2026-12-01')).toBe(10);
    expect(b.spentSince('bob', '2026-12-01')).toBe(50);
  });

  it('loads totals counted by earlier versions (a hash, no feed)', async () => {
    keys = new Keys(`ledger-${++prefix}:`);
    const c = await client();
    await c.hset(keys.usage, ['carol', '2026-12-02', 'sonnet', 'costUsd'].join('\u0001'), '2.5', ['carol', '2026-12-02', 'sonnet', 'turns'].join('\u0001'), '3');
    const a = await replica();
    expect(a.spentSince('carol', '2026-12-01')).toBe(2.5);
    a.observe(record('carol'), finished(1, '2026-12-02'));
    await settled(1);
    const b = await replica();
    expect(b.report(['carol']).carol!.totals).toMatchObject({ turns: 4, costUsd: 3.5 });
  });
});
