import type { Redis } from 'ioredis';
import type { SessionRecord } from '../sessions/session.js';
import { serializeRecord } from '../store/record-schema.js';
import type { LoadResult, SessionStore } from '../store/session-store.js';
import type { Fences } from './fences.js';
import type { Keys } from './keys.js';
import type { Scripts } from './scripts.js';

const RETRY_MS = 1_000;
const FLUSH_MS = 5_000;
const SAVED_WAIT_MS = 2_000;

/**
 * Session records in Redis, one string per session, each write fenced by the session's epoch.
 * A replica starts owning nothing (loadAll is empty): sessions come to it by creation or adoption.
 * A write that fails because Redis is away is retried with the latest state until it lands.
 */
export class RedisSessionStore implements SessionStore {
  private readonly pending = new Map<string, string>();
  private readonly writing = new Map<string, Promise<void>>();
  private closed = false;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly scripts: Scripts,
    private readonly fences: Fences,
    private readonly onError: (id: string, err: unknown) => void,
  ) {}

  async loadAll(): Promise<LoadResult> {
    return { records: [], corrupt: [] };
  }

  save(record: SessionRecord): void {
    if (this.fences.epochOf(record.id) === undefined) return; // not ours (any more)
    this.pending.set(record.id, serializeRecord(record));
    if (!this.writing.has(record.id)) this.writing.set(record.id, this.drain(record.id));
  }

  private async drain(id: string): Promise<void> {
    try {
      for (let next = this.pending.get(id); next; next = this.pending.get(id)) {
        this.pending.delete(id);
        const epoch = this.fences.epochOf(id);
        if (epoch === undefined) return;
        try {
          const ok = await this.scripts.run<number>('fencedSet', [this.keys.epoch(id), this.keys.record(id), this.keys.admitting], [String(epoch), next, id]);
          if (ok !== 1) return this.fences.lost(id);
        } catch (err) {
          this.onError(id, err);
          if (this.closed) return;
          // Keep the newest state; try again once Redis may be back.
          if (!this.pending.has(id)) this.pending.set(id, next);
          await new Promise((r) => setTimeout(r, RETRY_MS).unref());
        }
      }
    } finally {
      this.writing.delete(id);
    }
  }

  async remove(id: string): Promise<void> {
    this.pending.delete(id);
    await this.writing.get(id);
    this.fences.drop(id);
    const k = this.keys;
    await this.scripts.run('remove', [k.sessions, k.record(id), k.lease(id), k.epoch(id), k.events(id), k.unavailable(id), k.admitting], [id, k.ownerSessions('')]);
  }

  /** The latest save of this id landed, or SAVED_WAIT_MS passed (Redis away: a turn must not wait for it). */
  async saved(id: string): Promise<void> {
    const landed = (async () => {
      while (this.writing.has(id)) await this.writing.get(id);
    })();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([landed, new Promise<void>((r) => (timer = setTimeout(r, SAVED_WAIT_MS).unref()))]);
    clearTimeout(timer);
  }

  /** Every write so far landed, or 5 s passed (Redis away at shutdown: the retries stop). */
  async flush(): Promise<void> {
    const all = (async () => {
      while (this.writing.size > 0) await Promise.all(this.writing.values());
    })();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((r) => (timer = setTimeout(() => ((this.closed = true), r()), FLUSH_MS).unref()));
    await Promise.race([all, late]);
    clearTimeout(timer);
  }

  /** Stops retrying writes (shutdown with Redis away). */
  close(): void {
    this.closed = true;
  }

  /** The stored record text of one session, or null. */
  async load(id: string): Promise<string | null> {
    return this.redis.get(this.keys.record(id));
  }
}
