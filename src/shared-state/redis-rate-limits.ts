import type { Redis } from 'ioredis';
import { createRequire } from 'node:module';
import type { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Budget, RateDecision, RateLimiter } from '../auth/rate-limits.js';
import type { RateLimitConfig } from '../config.js';
import type { Keys } from './keys.js';

// Loaded on first use (shared mode only): a single node never holds it in memory.
const loadLimiters = () => createRequire(import.meta.url)('rate-limiter-flexible') as typeof import('rate-limiter-flexible');

/**
 * The same fixed windows as the in-process limiter, counted in Redis so every replica draws from
 * one budget. While Redis is away each replica falls back to an in-memory limiter of the same
 * size (rate-limiter-flexible's insurance), so requests are still limited, per replica.
 * Windows are whole seconds (Redis key TTLs): RATE_LIMIT_WINDOW_MS is rounded up.
 */
export class RedisRateLimits implements RateLimiter {
  private readonly limiters: Record<Budget, RateLimiterRedis>;

  constructor(
    readonly config: RateLimitConfig,
    redis: Redis,
    keys: Keys,
  ) {
    const { RateLimiterMemory, RateLimiterRedis } = loadLimiters();
    const duration = Math.max(1, Math.ceil(config.windowMs / 1000));
    const make = (budget: Budget, points: number) =>
      new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: keys.rateLimit(budget),
        points,
        duration,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix: `insurance:${budget}`, points, duration }),
      });
    this.limiters = { general: make('general', config.max), turns: make('turns', config.turnsMax), authFailures: make('authFailures', config.max) };
  }

  async consume(budget: Budget, key: string): Promise<RateDecision> {
    const limiter = this.limiters[budget];
    const limit = limiter.points;
    const decision = (res: RateLimiterRes, allowed: boolean): RateDecision => ({
      allowed,
      limit,
      remaining: Math.max(0, res.remainingPoints),
      resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
    });
    try {
      return decision(await limiter.consume(key), true);
    } catch (rejection) {
      if (rejection instanceof loadLimiters().RateLimiterRes) return decision(rejection, false);
      throw rejection;
    }
  }
}
