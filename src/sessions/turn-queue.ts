import { ApiError } from '../errors.js';

interface Waiter {
  grant: (release: () => void) => void;
  onPosition: (position: number) => void;
}

export interface Ticket {
  /** Resolves with a release function once a slot is free. */
  granted: Promise<() => void>;
  /** Leaves the queue; a no-op once granted. Returns whether it was still waiting. */
  cancel: () => boolean;
}

/** Caps the CLI processes running at once; excess turns wait in a bounded FIFO. */
export class TurnQueue {
  private running = 0;
  private readonly waiting: Waiter[] = [];

  constructor(
    private readonly maxRunning: number,
    private readonly maxWaiting: number,
  ) {}

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Throws QUEUE_FULL synchronously so the caller can refuse before it changes anything. */
  enqueue(onPosition: (position: number) => void): Ticket {
    if (this.running < this.maxRunning && this.waiting.length === 0) {
      this.running++;
      return { granted: Promise.resolve(this.releaser()), cancel: () => false };
    }
    if (this.waiting.length >= this.maxWaiting) {
      throw new ApiError('QUEUE_FULL', `${this.waiting.length} turns are already waiting for a free slot`);
    }
    let waiter!: Waiter;
    const granted = new Promise<() => void>((resolve) => {
      waiter = { grant: resolve, onPosition };
    });
    this.waiting.push(waiter);
    onPosition(this.waiting.length);
    const cancel = () => {
      const i = this.waiting.indexOf(waiter);
      if (i === -1) return false;
      this.waiting.splice(i, 1);
      this.announce(i);
      return true;
    };
    return { granted, cancel };
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) {
        next.grant(this.releaser());
        this.announce(0);
      } else {
        this.running--;
      }
    };
  }

  // Tell the waiters behind `from` that they moved up.
  private announce(from: number): void {
    for (let i = from; i < this.waiting.length; i++) this.waiting[i]!.onPosition(i + 1);
  }
}
