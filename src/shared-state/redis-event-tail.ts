import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { parseStoredEvent } from '../history/stored-event.js';
import { Subscription } from '../sessions/subscription.js';
import { blockingRedisClient } from './redis-connection.js';
import { eventIdOf } from './redis-event-log.js';
import type { Keys } from './keys.js';

// How long one XREAD waits; also how often the tailed sessions are checked for deletion.
const BLOCK_MS = 1_000;
// Entries per stream per read: one read's reply stays bounded however far a stream ran ahead.
const COUNT = 256;

interface Follower {
  sub: Subscription;
  /** The last event id this follower was given. */
  last: number;
}

export interface TailLimits {
  /** What each follower may lag, in events and bytes, before it is dropped ('overflow'). */
  events: number;
  bytes: number;
}

/**
 * Every session's stream this replica tails, read on ONE dedicated blocking connection:
 * `XREAD BLOCK … STREAMS k1 k2 … id1 id2 …`, each stream from its slowest follower's position, and
 * the entries fanned out to the followers' bounded subscriptions. When the set of tailed sessions
 * changes, the read under way is cut short with `CLIENT UNBLOCK` sent on the main connection.
 */
export class RedisEventTail {
  private readonly tails = new Map<string, Set<Follower>>();
  private readonly conn: Redis;
  private connId: number | null = null;
  private running: Promise<void> | null = null;
  /** An XREAD is in flight on the blocking connection. */
  private reading = false;
  /** The set of tailed sessions changed since the read under way was sent. */
  private changed = false;
  private unblocking = false;
  private closed = false;
  private checkedAt = 0;

  constructor(
    url: string,
    /** The replica's main connection: deletion checks and CLIENT UNBLOCK. */
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly limits: TailLimits,
    private readonly logger: Logger,
    private readonly blockMs = BLOCK_MS,
  ) {
    this.conn = blockingRedisClient(url, blockMs);
    // Reported by the main connection already; a listener keeps an error event from crashing the process.
    this.conn.on('error', () => {});
    this.conn.on('close', () => (this.connId = null));
  }

  async connect(): Promise<void> {
    await this.conn.connect();
  }

  /** Events of one session with id > after, as they are stored. */
  follow(id: string, after: number): Subscription {
    const follower: Follower = { last: after, sub: new Subscription(this.limits.events, this.limits.bytes, () => this.leave(id, follower)) };
    if (this.closed) {
      follower.sub.close('closed');
      return follower.sub;
    }
    let set = this.tails.get(id);
    if (!set) this.tails.set(id, (set = new Set()));
    set.add(follower);
    this.changed = true;
    this.wake();
    return follower.sub;
  }

  tailing(): { sessions: number; subscribers: number } {
    let subscribers = 0;
    for (const set of this.tails.values()) subscribers += set.size;
    return { sessions: this.tails.size, subscribers };
  }

  /** Ends every tail (shutdown) and the blocking connection. */
  close(): void {
    this.closed = true;
    this.endAll('closed');
    this.conn.disconnect();
  }

  private leave(id: string, follower: Follower): void {
    const set = this.tails.get(id);
    if (!set?.delete(follower)) return;
    if (set.size === 0) this.tails.delete(id);
    this.changed = true;
    this.wake();
  }

  private wake(): void {
    if (this.running) {
      if (this.reading) void this.unblock();
      return;
    }
    if (this.tails.size === 0 || this.closed) return;
    this.running = this.loop().finally(() => {
      this.running = null;
      // Followers that came while the loop was ending.
      if (this.tails.size > 0) this.wake();
    });
  }

  // The XREAD may not have reached Redis yet (nothing to unblock then): asked again until it has
  // been cut short, or it returned, or a new read already covers the change.
  private async unblock(): Promise<void> {
    if (this.unblocking) return;
    this.unblocking = true;
    try {
      while (this.reading && this.changed && this.connId !== null) {
        const n = await this.redis.call('CLIENT', 'UNBLOCK', String(this.connId));
        if (n === 1) return;
        await new Promise((r) => setTimeout(r, 5));
      }
    } catch {
      // Redis away: the read fails by itself, and the loop ends every tail.
    } finally {
      this.unblocking = false;
    }
  }

  private async loop(): Promise<void> {
    try {
      while (!this.closed && this.tails.size > 0) {
        if (Date.now() - this.checkedAt >= this.blockMs) await this.endDeleted();
        if (this.tails.size === 0) return;
        this.connId ??= Number(await this.conn.call('CLIENT', 'ID'));
        this.changed = false;
        const ids = [...this.tails.keys()];
        const from = ids.map((id) => `${Math.min(...[...this.tails.get(id)!].map((f) => f.last))}-0`);
        this.reading = true;
        let reply: unknown;
        try {
          reply = await this.conn.xread('COUNT', COUNT, 'BLOCK', this.blockMs, 'STREAMS', ...ids.map((id) => this.keys.events(id)), ...from);
        } finally {
          this.reading = false;
        }
        if (reply) this.deliver(ids, reply as Array<[string, Array<[string, string[]]>]>);
      }
    } catch (err) {
      if (this.closed) return;
      this.logger.warn({ err: (err as Error).message, sessions: this.tails.size }, 'redis lost while tailing event streams: the tails end');
      this.endAll('store_unavailable');
    }
  }

  private deliver(ids: string[], reply: Array<[string, Array<[string, string[]]>]>): void {
    const byKey = new Map(ids.map((id) => [this.keys.events(id), id]));
    for (const [key, entries] of reply) {
      const set = this.tails.get(byKey.get(key) ?? '');
      if (!set) continue;
      for (const [entryId, fields] of entries) {
        const n = eventIdOf(entryId);
        const json = fields[1] ?? '';
        const event = parseStoredEvent(json);
        for (const f of [...set]) {
          if (n <= f.last) continue;
          f.last = n;
          if (event) f.sub.push(event, json.length);
        }
      }
    }
  }

  // A deleted session has no record any more (its stream, if it had events, went with it).
  private async endDeleted(): Promise<void> {
    const ids = [...this.tails.keys()];
    const pipe = this.redis.pipeline();
    for (const id of ids) pipe.exists(this.keys.record(id));
    const results = (await pipe.exec()) ?? [];
    this.checkedAt = Date.now();
    results.forEach(([err, n], i) => {
      if (err) throw err;
      if (n === 0) for (const f of [...(this.tails.get(ids[i]!) ?? [])]) f.sub.close('closed');
    });
  }

  private endAll(reason: 'closed' | 'store_unavailable'): void {
    for (const set of [...this.tails.values()]) for (const f of [...set]) f.sub.close(reason);
  }
}
