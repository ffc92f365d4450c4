import type { SessionEvent } from './events.js';

/** `store_unavailable`: a subscription fed from the shared store lost it (shared mode). */
export type CloseReason = 'done' | 'overflow' | 'closed' | 'store_unavailable';

/**
 * One listener's bounded queue. A consumer that falls behind by more than `limit` events or
 * `byteLimit` bytes is dropped (the iterator ends with reason 'overflow') instead of growing memory.
 */
export class Subscription implements AsyncIterable<SessionEvent> {
  private queue: SessionEvent[] = [];
  private sizes: number[] = [];
  private bytes = 0;
  private wake: (() => void) | undefined;
  private closedWith: CloseReason | null = null;

  constructor(
    private readonly limit: number,
    private readonly byteLimit: number,
    private readonly onClose: (sub: Subscription) => void,
    private readonly wanted: (e: SessionEvent) => boolean = () => true,
  ) {}

  get closeReason(): CloseReason | null {
    return this.closedWith;
  }

  push(event: SessionEvent, size = 0): void {
    if (this.closedWith || !this.wanted(event)) return;
    if (this.queue.length >= this.limit || (this.bytes + size > this.byteLimit && this.queue.length > 0)) return this.close('overflow');
    this.queue.push(event);
    this.sizes.push(size);
    this.bytes += size;
    this.wake?.();
  }

  /** Up to `max` events already queued, taken without waiting (the iterator goes on after them). */
  takeQueued(max: number): SessionEvent[] {
    for (const s of this.sizes.splice(0, max)) this.bytes -= s;
    return this.queue.splice(0, max);
  }

  close(reason: CloseReason = 'closed'): void {
    if (this.closedWith) return;
    this.closedWith = reason;
    this.onClose(this);
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<SessionEvent> {
    while (true) {
      const next = this.queue.shift();
      if (next) {
        this.bytes -= this.sizes.shift() ?? 0;
        yield next;
        continue;
      }
      // An overflowed queue is discarded: its consumer is gone or too slow to matter.
      if (this.closedWith) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }
}
