import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import { TurnQueue } from './turn-queue.js';

describe('TurnQueue', () => {
  it('grants in FIFO order, reports positions, refuses past its bound', async () => {
    const q = new TurnQueue(1, 2);
    const positions: Record<string, number[]> = { b: [], c: [] };
    const a = q.enqueue(() => {});
    const b = q.enqueue((p) => positions.b!.push(p));
    const c = q.enqueue((p) => positions.c!.push(p));
    expect(() => q.enqueue(() => {})).toThrow(ApiError);
    expect(q.queued).toBe(2);
    const releaseA = await a.granted;
    releaseA();
    releaseA(); // a second release is a no-op
    const releaseB = await b.granted;
    expect(positions).toEqual({ b: [1], c: [2, 1] });
    expect(q.active).toBe(1);
    releaseB();
    (await c.granted)();
    expect(q.active).toBe(0);
  });

  it('lets a waiter leave the queue and moves the rest up', async () => {
    const q = new TurnQueue(1, 5);
    const a = q.enqueue(() => {});
    const b = q.enqueue(() => {});
    const seen: number[] = [];
    const c = q.enqueue((p) => seen.push(p));
    expect(b.cancel()).toBe(true);
    expect(b.cancel()).toBe(false);
    expect(seen).toEqual([2, 1]);
    (await a.granted)();
    (await c.granted)();
    expect(q.active).toBe(0);
  });
});
