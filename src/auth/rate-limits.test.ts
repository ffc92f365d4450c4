import { describe, expect, it } from 'vitest';
import { RateLimits } from './rate-limits.js';

const config = { enabled: true, windowMs: 10_000, max: 3, turnsMax: 1 };

describe('RateLimits', () => {
  it('allows max requests per window and key, then refuses until the window ends', () => {
    let now = 1_000;
    const limits = new RateLimits(config, () => now);
    const seen = [1, 2, 3, 4].map(() => limits.consume('general', 'key:a'));
    expect(seen.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(seen.map((d) => d.remaining)).toEqual([2, 1, 0, 0]);
    expect(seen[3]).toMatchObject({ limit: 3, resetSeconds: 10 });
    // Another key and another budget draw from their own windows.
    expect(limits.consume('general', 'key:b').allowed).toBe(true);
    expect(limits.consume('turns', 'key:a')).toMatchObject({ allowed: true, limit: 1, remaining: 0 });
    expect(limits.consume('turns', 'key:a').allowed).toBe(false);
    now += 4_500;
    expect(limits.consume('general', 'key:a')).toMatchObject({ allowed: false, resetSeconds: 6 });
    now += 5_500;
    expect(limits.consume('general', 'key:a')).toMatchObject({ allowed: true, remaining: 2, resetSeconds: 10 });
  });

  it('forgets expired windows as new keys arrive, so a scan of addresses cannot grow memory without end', () => {
    let now = 0;
    const limits = new RateLimits(config, () => now);
    for (let i = 0; i < 10_000; i++) limits.consume('authFailures', `ip:10.0.${i >> 8}.${i & 255}`);
    expect(limits.size).toBe(10_000);
    now += 10_001;
    for (let i = 0; i < 5_000; i++) limits.consume('authFailures', `ip:10.1.${i >> 8}.${i & 255}`);
    expect(limits.size).toBeLessThanOrEqual(8_192);
    // Live windows survive a sweep.
    expect(limits.consume('authFailures', 'ip:10.1.0.0')).toMatchObject({ remaining: 1 });
  });
});
