import { describe, expect, it } from 'vitest';
import { mapBounded } from './map-bounded.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('mapBounded', () => {
  it('keeps the items order whatever order the calls finish in, with at most `limit` pending', async () => {
    let pending = 0;
    let most = 0;
    const out = await mapBounded([30, 5, 20, 1, 10, 2, 15], 3, async (ms, i) => {
      most = Math.max(most, ++pending);
      await tick(ms);
      pending--;
      return `${i}:${ms}`;
    });
    expect(out).toEqual(['0:30', '1:5', '2:20', '3:1', '4:10', '5:2', '6:15']);
    expect(most).toBe(3);
  });

  it('handles no items, and a limit above the count', async () => {
    expect(await mapBounded([], 8, async () => 1)).toEqual([]);
    expect(await mapBounded([1, 2], 100, async (x) => x * 2)).toEqual([2, 4]);
  });

  it('rejects with the first failure, and starts nothing after it', async () => {
    const started: number[] = [];
    const run = mapBounded([1, 2, 3, 4, 5, 6], 2, async (x) => {
      started.push(x);
      await tick(5);
      if (x === 2) throw new Error('two');
      return x;
    });
    await expect(run).rejects.toThrow('two');
    await tick(30);
    expect(started.length).toBeLessThan(6);
  });
});
