import { describe, expect, it } from 'vitest';
import { EventHub, type HubLimits } from './event-hub.js';
import { ReplayBudget } from './replay-budget.js';

const limits = (replayEvents: number, subscriberEvents: number): HubLimits => ({ replayEvents, replayBytes: 1 << 30, subscriberEvents, subscriberBytes: 1 << 30 });

const warning = (n: number) => ({ type: 'warning' as const, turnId: `t${n}`, code: 'UNKNOWN_LINE' as const, message: String(n) });

describe('EventHub', () => {
  it('numbers events per session and replays after an id to a late subscriber', async () => {
    const hub = new EventHub('s1', 1, limits(3, 10));
    for (let i = 1; i <= 5; i++) hub.publish(warning(i));
    expect(hub.lastId).toBe(5);
    const sub = hub.subscribe({ afterId: 3 });
    hub.publish(warning(6));
    sub.close('done');
    const ids: number[] = [];
    for await (const e of sub) ids.push(e.id);
    expect(ids).toEqual([4, 5, 6]);
  });

  it('drops a subscriber that falls behind instead of buffering without bound', () => {
    const hub = new EventHub('s1', 1, limits(10, 2));
    const slow = hub.subscribe();
    for (let i = 0; i < 5; i++) hub.publish(warning(i));
    expect(slow.closeReason).toBe('overflow');
    expect(hub.subscriberCount).toBe(0);
  });

  it('filters events per subscriber', async () => {
    const hub = new EventHub('s1', 1, limits(10, 10));
    const sub = hub.subscribe({ filter: (e) => e.turnId === 't2' });
    [1, 2, 3, 2].forEach((n) => hub.publish(warning(n)));
    sub.close('done');
    const got: string[] = [];
    for await (const e of sub) got.push(e.turnId);
    expect(got).toEqual(['t2', 't2']);
  });

  it('bounds the replay buffer and each subscriber in bytes, and shares one budget across sessions', async () => {
    const big = (n: number) => ({ ...warning(n), message: 'x'.repeat(10_000) });
    const budget = new ReplayBudget(50_000);
    const a = new EventHub('a', 1, { replayEvents: 1000, replayBytes: 30_000, subscriberEvents: 1000, subscriberBytes: 25_000, budget });
    const b = new EventHub('b', 1, { replayEvents: 1000, replayBytes: 30_000, subscriberEvents: 1000, subscriberBytes: 25_000, budget });
    const slow = a.subscribe();
    for (let i = 1; i <= 5; i++) a.publish(big(i));
    expect(a.bufferedBytes).toBeLessThanOrEqual(30_000);
    expect(a.oldestBufferedId).toBe(4); // two of ~10.1 KB fit in 30 KB: the first three went
    expect(slow.closeReason).toBe('overflow'); // it lagged by more than 25 KB
    for (let i = 1; i <= 3; i++) b.publish(big(i));
    expect(budget.usedBytes).toBeLessThanOrEqual(50_000);
    expect(a.bufferedBytes + b.bufferedBytes).toBe(budget.usedBytes);
    b.closeAll();
    expect(budget.usedBytes).toBe(a.bufferedBytes);
  });
});
