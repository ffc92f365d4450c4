import type { RateLimitConfig } from '../config.js';

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  resetSeconds: number;
}

export type Budget = 'general' | 'turns' | 'authFailures';

/** Where budgets are counted: this process (RateLimits) or Redis, shared by every replica. */
export interface RateLimiter {
  readonly config: RateLimitConfig;
  consume(budget: Budget, key: string): RateDecision | Promise<RateDecision>;
}

/** A fixed window per key: `count` requests since `resetAt - windowMs`. */
interface Window {
  count: number;
  resetAt: number;
}

/**
 * The budgets requests draw from: general, turn-starting, and failed authentication; fixed
 * windows of RATE_LIMIT_WINDOW_MS per key, in memory (per replica). Synchronous: a decision is a
 * map lookup, on the path of every request. Expired windows are swept as the map grows and once
 * per window, so keys from a scan of addresses cost memory for about one window.
 */
export class RateLimits implements RateLimiter {
  private readonly windows: Record<Budget, Map<string, Window>> = { general: new Map(), turns: new Map(), authFailures: new Map() };
  private sweepAt = 4096;
  private nextSweep: number;

  constructor(
    readonly config: RateLimitConfig,
    private readonly now: () => number = Date.now,
  ) {
    this.nextSweep = now() + config.windowMs;
  }

  consume(budget: Budget, key: string): RateDecision {
    const limit = budget === 'turns' ? this.config.turnsMax : this.config.max;
    const map = this.windows[budget];
    const now = this.now();
    let w = map.get(key);
    if (!w || w.resetAt <= now) {
      if (!w && (map.size >= this.sweepAt || now >= this.nextSweep)) this.sweep(now);
      w = { count: 0, resetAt: now + this.config.windowMs };
      map.set(key, w);
    }
    w.count++;
    return {
      allowed: w.count <= limit,
      limit,
      remaining: Math.max(0, limit - w.count),
      resetSeconds: Math.max(1, Math.ceil((w.resetAt - now) / 1000)),
    };
  }

  /** Keys tracked across budgets (tests, metrics). */
  get size(): number {
    return this.windows.general.size + this.windows.turns.size + this.windows.authFailures.size;
  }

  private sweep(now: number): void {
    let live = 0;
    for (const map of Object.values(this.windows)) {
      for (const [k, w] of map) if (w.resetAt <= now) map.delete(k);
      live += map.size;
    }
    this.sweepAt = Math.max(4096, live * 2);
    this.nextSweep = now + this.config.windowMs;
  }
}
