import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimitConfig } from '../config.js';

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  resetSeconds: number;
}

/** The budgets requests draw from: general, turn-starting, and failed authentication. */
export class RateLimits {
  private readonly general: RateLimiterMemory;
  private readonly turns: RateLimiterMemory;
  private readonly authFailures: RateLimiterMemory;

  constructor(readonly config: RateLimitConfig) {
    const duration = Math.max(1, Math.ceil(config.windowMs / 1000));
    this.general = new RateLimiterMemory({ points: config.max, duration });
    this.turns = new RateLimiterMemory({ points: config.turnsMax, duration });
    this.authFailures = new RateLimiterMemory({ points: config.max, duration });
  }

  consume(budget: 'general' | 'turns' | 'authFailures', key: string): Promise<RateDecision> {
    const limiter = this[budget];
    const limit = budget === 'turns' ? this.config.turnsMax : this.config.max;
    const decide = (res: RateLimiterRes, allowed: boolean): RateDecision => ({
      allowed,
      limit,
      remaining: Math.max(0, res.remainingPoints),
      resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
    });
    return limiter.consume(key).then(
      (res) => decide(res, true),
      (res: unknown) => {
        if (res instanceof RateLimiterRes) return decide(res, false);
        throw res;
      },
    );
  }
}
