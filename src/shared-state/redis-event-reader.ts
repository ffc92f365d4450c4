import type { Redis } from 'ioredis';
import type { SessionEvent } from '../sessions/events.js';
import type { SessionRecord } from '../sessions/session.js';
import type { SharedEventLogs } from '../sessions/shared-events.js';
import type { Subscription } from '../sessions/subscription.js';
import { parseRecord } from '../store/record-schema.js';
import type { Keys } from './keys.js';
import { store } from './redis-connection.js';
import { eventIdOf, readStream } from './redis-event-log.js';
import type { RedisEventTail } from './redis-event-tail.js';

/**
 * Any session's history and live events, read from Redis by whichever replica a client talks to:
 * records and XRANGE pages on the main connection, the live tail on the shared blocking one.
 */
export class RedisEventReader implements SharedEventLogs {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly tail: RedisEventTail,
  ) {}

  async record(id: string): Promise<SessionRecord | null> {
    const raw = await store(() => this.redis.get(this.keys.record(id)));
    if (raw === null) return null;
    try {
      return parseRecord(JSON.parse(raw));
    } catch {
      return null; // unreadable: treated as absent, as listings do
    }
  }

  async lastId(id: string): Promise<number> {
    const top = await store(() => this.redis.xrevrange(this.keys.events(id), '+', '-', 'COUNT', 1));
    return top[0] ? eventIdOf(top[0][0]) : 0;
  }

  async *read(id: string, after: number): AsyncGenerator<SessionEvent> {
    const pages = readStream(this.redis, this.keys.events(id), after);
    while (true) {
      const next = await store(() => pages.next());
      if (next.done) return;
      yield next.value;
    }
  }

  follow(id: string, after: number): Subscription {
    return this.tail.follow(id, after);
  }

  tailing(): { sessions: number; subscribers: number } {
    return this.tail.tailing();
  }
}
