import { describe, expect, it } from 'vitest';
import type { LiveSession } from './session.js';
import { firstAfter, SessionIndex } from './session-index.js';

const live = (id: string, createdAt: number, owner = 'alice') => ({ record: { id, createdAt, owner } }) as unknown as LiveSession;
const ids = (list: readonly LiveSession[]) => list.map((s) => s.record.id);

describe('SessionIndex', () => {
  it('keeps (createdAt, id) order whatever the insertion order, overall and per owner', () => {
    const index = new SessionIndex();
    // As concurrent creates land: later awaits finish first, several in one millisecond.
    for (const [id, at, owner] of [['c', 2, 'bob'], ['b', 2, 'alice'], ['a', 1, 'alice'], ['d', 3, 'bob'], ['e', 2, 'alice']] as const) {
      index.set(id, live(id, at, owner));
    }
    expect(ids(index.inOrder())).toEqual(['a', 'b', 'c', 'e', 'd']);
    expect(ids(index.inOrder('alice'))).toEqual(['a', 'b', 'e']);
    expect(ids(index.inOrder('bob'))).toEqual(['c', 'd']);
    expect(ids(index.inOrder('carol'))).toEqual([]);
    expect(index.size).toBe(5);
    expect(index.get('c')?.record.owner).toBe('bob');
  });

  it('forgets deleted and replaced entries', () => {
    const index = new SessionIndex();
    for (const [id, at] of [['a', 1], ['b', 1], ['c', 2]] as const) index.set(id, live(id, at));
    expect(index.delete('b')).toBe(true);
    expect(index.delete('b')).toBe(false);
    const replacement = live('a', 1);
    index.set('a', replacement);
    expect(index.inOrder()).toEqual([replacement, index.get('c')]);
    index.delete('a');
    index.delete('c');
    expect(index.inOrder()).toEqual([]);
    expect(index.inOrder('alice')).toEqual([]);
  });

  it('firstAfter finds the place a cursor names, present or gone', () => {
    const list = [live('a', 1), live('b', 2), live('c', 2), live('d', 3)];
    expect(firstAfter(list, 0, 'z')).toBe(0);
    expect(firstAfter(list, 2, 'b')).toBe(2);
    expect(firstAfter(list, 2, 'bb')).toBe(2); // b.. deleted since: the walk goes on after it
    expect(firstAfter(list, 2, 'c')).toBe(3);
    expect(firstAfter(list, 3, 'd')).toBe(4);
  });

  it('a walk in pages sees each session once after out-of-order inserts', () => {
    const index = new SessionIndex();
    const n = 500;
    const made = Array.from({ length: n }, (_, i) => live(`s${String(i).padStart(4, '0')}`, Math.floor(i / 7)));
    for (const s of [...made].sort(() => Math.random() - 0.5)) index.set(s.record.id, s);
    const seen: string[] = [];
    let start = 0;
    for (;;) {
      const page = index.inOrder().slice(start, start + 50);
      seen.push(...ids(page));
      const last = page.at(-1);
      if (!last || start + 50 >= n) break;
      start = firstAfter(index.inOrder(), last.record.createdAt, last.record.id);
    }
    expect(seen).toEqual(ids(made));
  });
});
