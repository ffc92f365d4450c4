/** Something holding replayable events that can give up its oldest one. */
export interface ReplayHolder {
  /** Drops the oldest buffered event; false when it holds none. */
  dropOldest(): boolean;
}

/**
 * Bytes of replay buffer across every session: past the total, the oldest events are dropped,
 * first from the session that is publishing, then from the others (older events are then read
 * from the history file, as for any event that left memory).
 */
export class ReplayBudget {
  private used = 0;
  private readonly holders = new Set<ReplayHolder>();

  constructor(readonly totalBytes: number) {}

  get usedBytes(): number {
    return this.used;
  }

  register(h: ReplayHolder): void {
    this.holders.add(h);
  }

  unregister(h: ReplayHolder): void {
    this.holders.delete(h);
  }

  add(bytes: number): void {
    this.used += bytes;
  }

  release(bytes: number): void {
    this.used -= bytes;
  }

  /** Brings the total back under budget, starting with `first`. */
  enforce(first: ReplayHolder): void {
    while (this.used > this.totalBytes && first.dropOldest());
    if (this.used <= this.totalBytes) return;
    for (const h of this.holders) {
      while (this.used > this.totalBytes && h.dropOldest());
      if (this.used <= this.totalBytes) return;
    }
  }
}
