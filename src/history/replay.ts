import type { SessionEvent } from '../sessions/events.js';
import type { LiveSession } from '../sessions/session.js';
import type { CloseReason, Subscription } from '../sessions/subscription.js';

/** What the SSE relay reads from: a live subscription, or history followed by one. */
export interface EventSource extends AsyncIterable<SessionEvent> {
  close(reason?: CloseReason): void;
  readonly closeReason: CloseReason | null;
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

  async *[Symbol.asyncIterator](): AsyncIterator<SessionEvent> {
    let last = 0;
    if (this.fromDisk) {
      for await (const e of this.fromDisk) {
        if (this.sub.closeReason) return;
        last = e.id;
        yield e;
      }
    }
    for await (const e of this.sub) if (e.id > last) yield e;
  }
}
