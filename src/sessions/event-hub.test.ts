import { describe, expect, it } from 'vitest';
import { EventHub } from './event-hub.js';

const warning = (n: number) => ({ type: 'warning' as const, turnId: `t${n}`, code: 'UNKNOWN_LINE' as const, message: String(n) });

describe('EventHub', () => {
  it('numbers events per session and replays after an id to a late subscriber', async () => {
    const hub = new EventHub('s1', 1, 3, 10);
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
    const hub = new EventHub('s1', 1, 10, 2);
    const slow = hub.subscribe();
    for (let i = 0; i < 5; i++) hub.publish(warning(i));
    expect(slow.closeReason).toBe('overflow');
    expect(hub.subscriberCount).toBe(0);
  });

  it('filters events per subscriber', async () => {
    const hub = new EventHub('s1', 1, 10, 10);
    const sub = hub.subscribe({ filter: (e) => e.turnId === 't2' });
    [1, 2, 3, 2].forEach((n) => hub.publish(warning(n)));
    sub.close('done');
    const got: string[] = [];
    for await (const e of sub) got.push(e.turnId);
    expect(got).toEqual(['t2', 't2']);
  });
});
