import type { SessionEvent, SessionEventBody } from './events.js';
import { Subscription } from './subscription.js';

export interface SubscribeOptions {
  /** Replay buffered events with an id greater than this first. */
  afterId?: number;
  filter?: (e: SessionEvent) => boolean;
}

/**
 * A session's event stream: assigns ids, keeps a bounded replay buffer for late subscribers
 * and fans events out to subscribers, each with its own bounded queue.
 */
export class EventHub {
  private readonly recent: SessionEvent[] = [];
  // Made on the first subscription: most sessions sit idle with nobody listening.
  private subscribers: Set<Subscription> | null = null;

  constructor(
    private readonly sessionId: string,
    private nextId: number,
    private readonly replayLimit: number,
    private readonly subscriberLimit: number,
    /** Sees every event first, in order (the history log). */
    private readonly sink: (e: SessionEvent) => void = () => {},
  ) {}

  /** The oldest event still held in memory for replay, if any. */
  get oldestBufferedId(): number | null {
    return this.recent[0]?.id ?? null;
  }

  get lastId(): number {
    return this.nextId - 1;
  }

  get subscriberCount(): number {
    return this.subscribers?.size ?? 0;
  }

  publish(body: SessionEventBody): SessionEvent {
    const event = { ...body, id: this.nextId++, sessionId: this.sessionId, at: new Date().toISOString() } as SessionEvent;
    this.sink(event);
    this.recent.push(event);
    if (this.recent.length > this.replayLimit) this.recent.shift();
    if (this.subscribers) for (const sub of this.subscribers) sub.push(event);
    return event;
  }

  subscribe(opts: SubscribeOptions = {}): Subscription {
    const sub = new Subscription(this.subscriberLimit, (s) => this.subscribers?.delete(s), opts.filter);
    if (opts.afterId !== undefined) {
      for (const e of this.recent) if (e.id > opts.afterId) sub.push(e);
    }
    (this.subscribers ??= new Set()).add(sub);
    return sub;
  }

  closeAll(): void {
    for (const sub of [...(this.subscribers ?? [])]) sub.close('closed');
  }
}
