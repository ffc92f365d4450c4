import type { SessionEvent } from '../sessions/events.js';
import type { LiveSession } from '../sessions/session.js';
import type { SharedEventLogs } from '../sessions/shared-events.js';
import type { CloseReason, Subscription } from '../sessions/subscription.js';

/** What the SSE relay reads from: a live subscription, or history followed by one. */
export interface EventSource extends AsyncIterable<SessionEvent> {
  close(reason?: CloseReason): void;
  readonly closeReason: CloseReason | null;
  /** Up to `max` of the next events if they are already at hand, without waiting; the iterator goes on after them. */
  takeQueued?(max: number): SessionEvent[];
}

/**
 * Every event after `after`: older ones from the history file, recent ones from memory, then
 * live ones. The subscription is taken first and the split computed in the same tick, so no
 * event falls between disk and memory, and none comes twice.
 */
export function replayThenFollow(live: LiveSession, after: number): EventSource {
  const floor = live.events.oldestBufferedId ?? live.events.lastId + 1;
  const sub = live.events.subscribe({ afterId: after });
  const fromDisk = after + 1 < floor ? live.log.read(after, floor) : null;
  return new Replay(sub, fromDisk);
}

class Replay implements EventSource {
  /** The history file is done: what follows comes from the subscription, after `last`. */
  private following = false;
  private last = 0;

  constructor(
    private readonly sub: Subscription,
    private readonly fromDisk: AsyncGenerator<SessionEvent> | null,
  ) {}

  get closeReason(): CloseReason | null {
    return this.sub.closeReason;
  }

  close(reason?: CloseReason): void {
    this.sub.close(reason);
    void this.fromDisk?.return(undefined);
  }

  takeQueued(max: number): SessionEvent[] {
    return this.following ? this.sub.takeQueued(max).filter((e) => e.id > this.last) : [];
  }

  async *[Symbol.asyncIterator](): AsyncIterator<SessionEvent> {
    if (this.fromDisk) {
      for await (const e of this.fromDisk) {
        if (this.sub.closeReason) return;
        this.last = e.id;
        yield e;
      }
    }
    this.following = true;
    for await (const e of this.sub) if (e.id > this.last) yield e;
  }
}

/**
 * Shared mode, on a replica that does not run the session: every stored event after `after`,
 * then the live tail, both from the shared log. The first page is read before this returns, so a
 * store that is away is a 503 before the stream starts; later it ends the stream with
 * 'store_unavailable'. The tail starts after the last event replayed: none falls between, none
 * comes twice.
 */
export async function replayThenTail(logs: SharedEventLogs, id: string, after: number): Promise<EventSource> {
  const stored = logs.read(id, after);
  const first = await stored.next();
  return new StoredReplay(logs, id, after, stored, first);
}

class StoredReplay implements EventSource {
  private tail: Subscription | null = null;
  private closedWith: CloseReason | null = null;

  constructor(
    private readonly logs: SharedEventLogs,
    private readonly id: string,
    private last: number,
    private readonly stored: AsyncGenerator<SessionEvent>,
    private readonly first: IteratorResult<SessionEvent>,
  ) {}

  get closeReason(): CloseReason | null {
    return this.tail ? this.tail.closeReason : this.closedWith;
  }

  close(reason: CloseReason = 'closed'): void {
    if (this.tail) return this.tail.close(reason);
    this.closedWith ??= reason;
    void this.stored.return(undefined);
  }

  takeQueued(max: number): SessionEvent[] {
    return this.tail ? this.tail.takeQueued(max) : [];
  }

  async *[Symbol.asyncIterator](): AsyncIterator<SessionEvent> {
    try {
      for (let r = this.first; !r.done; r = await this.stored.next()) {
        if (this.closedWith) return;
        this.last = r.value.id;
        yield r.value;
      }
    } catch {
      this.closedWith ??= 'store_unavailable';
      return;
    }
    if (this.closedWith) return;
    this.tail = this.logs.follow(this.id, this.last);
    yield* this.tail;
  }
}
