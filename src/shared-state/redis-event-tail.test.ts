import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisServer } from '../../tests/support/redis.js';
import type { SessionEvent } from '../sessions/events.js';
import type { Subscription } from '../sessions/subscription.js';
import { Keys } from './keys.js';
import { RedisEventTail } from './redis-event-tail.js';

// The one blocking connection against a real redis-server: what it multiplexes, how it is cut
// short when the tailed set changes, and how its tails end.

let server: RedisServer;
let redis: Redis;
const keys = new Keys('tail-test:');
const logger = pino({ level: 'silent' });
const tails: RedisEventTail[] = [];

beforeAll(async () => {
  server = await startRedis();
  redis = new Redis(server.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true, retryStrategy: () => 100 });
  redis.on('error', () => {});
  await redis.connect();
});
afterEach(() => {
  for (const t of tails.splice(0)) t.close();
});
afterAll(async () => {
  redis.disconnect();
  await server.stop();
});

async function tail(blockMs: number, limits = { events: 100, bytes: 1 << 20 }): Promise<RedisEventTail> {
  const t = new RedisEventTail(server.url, redis, keys, limits, logger, blockMs);
  await t.connect();
  tails.push(t);
  return t;
}

async function session(id: string): Promise<void> {
  await redis.set(keys.record(id), '{}');
}

async function append(id: string, n: number, type = 'warning'): Promise<void> {
  const event = { id: n, type, turnId: 't1', sessionId: id, at: new Date().toISOString(), code: 'UNKNOWN_LINE', message: `event ${n}` };
  await redis.xadd(keys.events(id), `${n}-0`, 'e', JSON.stringify(event));
}

async function take(sub: Subscription, count: number): Promise<SessionEvent[]> {
  const out: SessionEvent[] = [];
  for await (const e of sub) {
    out.push(e);
    if (out.length === count) break;
  }
  return out;
}

// The tail connection's entry in CLIENT LIST: flag b while an XREAD is blocked there.
async function blocked(): Promise<boolean> {
  const list = String(await redis.call('CLIENT', 'LIST'));
  return list.split('\n').some((l) => / name=cca-event-tail /.test(l) && / flags=b /.test(l));
}

describe('RedisEventTail', () => {
  it('a session followed while a read is blocked is read at once (CLIENT UNBLOCK), not after the block', async () => {
    const t = await tail(30_000);
    await session('s1');
    await session('s2');
    const first = t.follow('s1', 0);
    await expect.poll(blocked, { timeout: 2_000 }).toBe(true);
    const started = Date.now();
    const second = t.follow('s2', 0);
    await append('s2', 1);
    const got = await take(second, 1);
    expect(got.map((e) => e.id)).toEqual([1]);
    expect(Date.now() - started).toBeLessThan(2_000);
    // Both streams on the one connection.
    await append('s1', 1);
    expect((await take(first, 1)).map((e) => e.id)).toEqual([1]);
    expect(t.tailing()).toEqual({ sessions: 2, subscribers: 2 });
  });

  it('each follower gets the events after its own position once, in order; leaving ends the blocked read', async () => {
    const t = await tail(30_000);
    await session('s3');
    for (let n = 1; n <= 5; n++) await append('s3', n);
    const fromStart = t.follow('s3', 0);
    const fromThree = t.follow('s3', 3);
    expect((await take(fromStart, 5)).map((e) => e.id)).toEqual([1, 2, 3, 4, 5]);
    expect((await take(fromThree, 2)).map((e) => e.id)).toEqual([4, 5]);
    await append('s3', 6);
    expect((await take(fromStart, 1)).map((e) => e.id)).toEqual([6]);
    expect((await take(fromThree, 1)).map((e) => e.id)).toEqual([6]);
    fromStart.close();
    fromThree.close();
    expect(t.tailing()).toEqual({ sessions: 0, subscribers: 0 });
    await expect.poll(blocked, { timeout: 2_000 }).toBe(false);
  });

  it('a deleted session ends its followers with closed; a follower too slow is dropped with overflow', async () => {
    const t = await tail(200, { events: 3, bytes: 1 << 20 });
    await session('s4');
    await session('s5');
    const doomed = t.follow('s4', 0);
    await redis.del(keys.record('s4'), keys.events('s4'));
    await expect.poll(() => doomed.closeReason, { timeout: 3_000 }).toBe('closed');
    const slow = t.follow('s5', 0);
    for (let n = 1; n <= 10; n++) await append('s5', n);
    await expect.poll(() => slow.closeReason, { timeout: 3_000 }).toBe('overflow');
    expect(t.tailing()).toEqual({ sessions: 0, subscribers: 0 });
  });

  it('Redis lost while tailing: the followers end with store_unavailable, the process stays up, a later tail works again', async () => {
    const t = await tail(30_000);
    await session('s6');
    const sub = t.follow('s6', 0);
    await expect.poll(blocked, { timeout: 2_000 }).toBe(true);
    await server.restart();
    await expect.poll(() => sub.closeReason, { timeout: 10_000 }).toBe('store_unavailable');
    expect(t.tailing()).toEqual({ sessions: 0, subscribers: 0 });
    await expect.poll(async () => (await redis.ping().catch(() => null)) === 'PONG', { timeout: 10_000 }).toBe(true);
    await session('s6');
    await expect
      .poll(
        async () => {
          const again = t.follow('s6', 0);
          await append('s6', 1).catch(() => {});
          const r = await Promise.race([take(again, 1), new Promise<null>((r) => setTimeout(() => r(null), 1_000))]);
          again.close();
          return r?.[0]?.id ?? again.closeReason;
        },
        { timeout: 15_000, interval: 200 },
      )
      .toBe(1);
  });
});
