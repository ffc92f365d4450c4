import { describe, expect, it } from 'vitest';
import { EventHub, type HubLimits } from './event-hub.js';

const limits = (replayEvents: number, subscriberEvents: number): HubLimits => ({ replayEvents, replayBytes: 1 << 30, subscriberEvents, subscriberBytes: 1 << 30 });

const warning = (n: number) => ({ type: 'warning' as const, turnId: `t${n}`, code: 'UNKNOWN_LINE' as const, message: String(n) });

describe('Subscription.takeQueued', () => {
  it('hands over what is already queued, in order, and the iterator goes on after it', async () => {
    const hub = new EventHub('s1', 1, limits(10, 10));
    const sub = hub.subscribe();
    for (let i = 1; i <= 5; i++) hub.publish(warning(i));
    const it = sub[Symbol.asyncIterator]();
    expect((await it.next()).value.id).toBe(1);
    expect(sub.takeQueued(2).map((e) => e.id)).toEqual([2, 3]);
    expect((await it.next()).value.id).toBe(4);
    expect(sub.takeQueued(10).map((e) => e.id)).toEqual([5]);
    expect(sub.takeQueued(10)).toEqual([]);
    hub.publish(warning(6));
    expect((await it.next()).value.id).toBe(6);
    sub.close('done');
    expect((await it.next()).done).toBe(true);
  });
});
