import { eventJson } from './event-json.js';
import type { SessionEvent, SessionEventBody } from './events.js';
import type { ReplayBudget, ReplayHolder } from './replay-budget.js';
import { Subscription } from './subscription.js';

/** How much a session keeps in memory: events for replay, and what each subscriber may lag. */
export interface HubLimits {
  replayEvents: number;
  replayBytes: number;
  subscriberEvents: number;
  subscriberBytes: number;
  /** Shared by every session's replay buffer. */
  budget?: ReplayBudget;
}

export interface SubscribeOptions {
  /** Replay buffered events with an id greater than this first. */
  afterId?: number;
  filter?: (e: SessionEvent) => boolean;
}

/**
 * A session's event stream: assigns ids, keeps a replay buffer for late subscribers (bounded in
 * events and bytes, per session and across sessions) and fans events out to subscribers, each
 * with its own queue bounded the same way.
 */
export class EventHub implements ReplayHolder {
  private readonly recent: SessionEvent[] = [];
  private readonly recentBytes: number[] = [];
  private bytes = 0;
  // Made on the first subscription: most sessions sit idle with nobody listening.
  private subscribers: Set<Subscription> | null = null;

  constructor(
    private readonly sessionId: string,
    private nextId: number,
    private readonly limits: HubLimits,
    /** Sees every event first, in order (the history log). */
    private readonly sink: (e: SessionEvent) => void = () => {},
  ) {
    limits.budget?.register(this);
  }

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
    // The history log serialised it already: its size is known at no cost.
    const size = eventJson(event).length;
    this.recent.push(event);
    this.recentBytes.push(size);
    this.bytes += size;
    this.limits.budget?.add(size);
    while (this.recent.length > this.limits.replayEvents || this.bytes > this.limits.replayBytes) this.dropOldest();
    this.limits.budget?.enforce(this);
    if (this.subscribers) for (const sub of this.subscribers) sub.push(event, size);
    return event;
  }

  dropOldest(): boolean {
    if (this.recent.length === 0) return false;
    this.recent.shift();
    const size = this.recentBytes.shift()!;
    this.bytes -= size;
    this.limits.budget?.release(size);
    return true;
  }

  /** Bytes held for replay. */
  get bufferedBytes(): number {
    return this.bytes;
  }

  subscribe(opts: SubscribeOptions = {}): Subscription {
    const sub = new Subscription(this.limits.subscriberEvents, this.limits.subscriberBytes, (s) => this.subscribers?.delete(s), opts.filter);
    if (opts.afterId !== undefined) {
      this.recent.forEach((e, i) => {
        if (e.id > opts.afterId!) sub.push(e, this.recentBytes[i]!);
      });
    }
    (this.subscribers ??= new Set()).add(sub);
    return sub;
  }

  /** The session is gone (or the service stops): subscribers end, the buffer leaves the shared budget. */
  closeAll(): void {
    for (const sub of [...(this.subscribers ?? [])]) sub.close('closed');
    while (this.dropOldest());
    this.limits.budget?.unregister(this);
  }
}
