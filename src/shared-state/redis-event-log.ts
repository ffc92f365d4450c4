import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { SessionLog } from '../history/session-log.js';
import { parseStoredEvent } from '../history/stored-event.js';
import { eventJson } from '../sessions/event-json.js';
import type { SessionEvent, SessionEventType } from '../sessions/events.js';
import type { Fences } from './fences.js';
import type { Keys } from './keys.js';
import type { Scripts } from './scripts.js';

// The same per-turn size rule as the history file: past HISTORY_MAX_TURN_BYTES a turn keeps only these.
const ESSENTIAL = new Set<SessionEventType>(['turn_started', 'result', 'error', 'context_reset', 'turn_finished']);
const PAGE = 500;

export interface StreamLogLimits {
  maxTurnBytes: number;
  /** Approximate MAXLEN of each session's stream. */
  maxLen: number;
}

/**
 * A session's history as a Redis Stream: entry id `<event id>-0`, one field `e` holding the event
 * JSON, so XRANGE from `(<Last-Event-ID>-0` is exactly the replay a client asks for. Appends are
 * fenced by the session's epoch; an append refused for it means another replica took over.
 */
export class RedisEventLog implements SessionLog {
  private turnBytes: Map<string, number> | null = null;
  private last: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly id: string,
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly scripts: Scripts,
    private readonly fences: Fences,
    private readonly limits: StreamLogLimits,
    private readonly logger: Logger,
  ) {}

  static async open(id: string, deps: { redis: Redis; keys: Keys; scripts: Scripts; fences: Fences; limits: StreamLogLimits; logger: Logger }): Promise<{ log: RedisEventLog; lastId: number }> {
    const top = await deps.redis.xrevrange(deps.keys.events(id), '+', '-', 'COUNT', 1);
    const lastId = top[0] ? eventIdOf(top[0][0]) : 0;
    return { log: new RedisEventLog(id, deps.redis, deps.keys, deps.scripts, deps.fences, deps.limits, deps.logger), lastId };
  }

  append(event: SessionEvent): void {
    const json = eventJson(event);
    const turnBytes = (this.turnBytes ??= new Map());
    const used = turnBytes.get(event.turnId) ?? 0;
    if (used + json.length + 1 > this.limits.maxTurnBytes && !ESSENTIAL.has(event.type)) return;
    if (event.type === 'turn_finished') turnBytes.delete(event.turnId);
    else turnBytes.set(event.turnId, used + json.length + 1);
    const epoch = this.fences.epochOf(this.id);
    if (epoch === undefined) return;
    // Sent in order on the one connection: entries land in id order without waiting for each.
    this.last = this.scripts
      .run<number>('fencedXadd', [this.keys.epoch(this.id), this.keys.events(this.id)], [String(epoch), this.limits.maxLen, event.id, json])
      .then(
        (ok) => {
          if (ok !== 1) this.fences.lost(this.id);
        },
        (err: unknown) => this.logger.error({ sessionId: this.id, eventId: event.id, err: (err as Error).message }, 'event not stored in redis'),
      );
  }

  async *read(after: number, before = Infinity): AsyncGenerator<SessionEvent> {
    await this.flush();
    yield* readStream(this.redis, this.keys.events(this.id), after, before);
  }

  async flush(): Promise<void> {
    await this.last;
  }

  async close(): Promise<void> {
    await this.flush();
  }

  async destroy(): Promise<void> {
    await this.flush();
    await this.redis.del(this.keys.events(this.id));
  }
}

/** Events of a session's stream with after < id < before, a page (XRANGE … COUNT) at a time. */
export async function* readStream(redis: Redis, key: string, after: number, before = Infinity): AsyncGenerator<SessionEvent> {
  let from = `(${after}-0`;
  const to = before === Infinity ? '+' : `(${before}-0`;
  while (true) {
    const page = await redis.xrange(key, from, to, 'COUNT', PAGE);
    for (const [, fields] of page) {
      const event = parseStoredEvent(fields[1] ?? '');
      if (event) yield event;
    }
    if (page.length < PAGE) return;
    from = `(${page.at(-1)![0]}`;
  }
}

/** The event id of a stream entry id (`<event id>-0`). */
export function eventIdOf(entryId: string): number {
  return Number(entryId.slice(0, entryId.indexOf('-')));
}
