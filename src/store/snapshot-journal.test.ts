import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SnapshotJournal, type SnapshotJournalOptions } from './snapshot-journal.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cca-journal-'));
  file = path.join(dir, 'state.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A counter kept the way the usage ledger keeps its totals: entries `{n}` add to `sum`. */
class Counter {
  sum = 0;
  errors: unknown[] = [];
  readonly journal: SnapshotJournal;
  constructor(opts?: SnapshotJournalOptions) {
    this.journal = new SnapshotJournal(file, () => ({ sum: this.sum }), (err) => this.errors.push(err), opts);
  }
  async load(): Promise<{ entries: number }> {
    const { data, entries } = await this.journal.load();
    this.sum = typeof data === 'object' && data !== null && 'sum' in data ? Number(data.sum) : 0;
    for (const e of entries) this.sum += (e as { n: number }).n;
    await this.journal.start();
    return { entries: entries.length };
  }
  add(n: number): void {
    this.sum += n;
    this.journal.append({ n });
  }
}

const reload = async (opts?: SnapshotJournalOptions) => {
  const c = new Counter(opts);
  await c.load();
  return c;
};

describe('SnapshotJournal', () => {
  it('starts empty, appends a line per change, and reads them back in a new process', async () => {
    const a = await reload();
    for (let i = 1; i <= 5; i++) a.add(i);
    await a.journal.flush();
    expect(readdirSync(dir)).toEqual(['state.0.jsonl']);
    expect(readFileSync(path.join(dir, 'state.0.jsonl'), 'utf8')).toBe('{"n":1}\n{"n":2}\n{"n":3}\n{"n":4}\n{"n":5}\n');
    expect(statSync(path.join(dir, 'state.0.jsonl')).mode & 0o777).toBe(0o600);
    const b = await reload();
    expect(b.sum).toBe(15);
    expect(a.errors).toEqual([]);
  });

  it('folds the journal into a snapshot at start, so appends never follow a line cut short', async () => {
    writeFileSync(path.join(dir, 'state.0.jsonl'), '{"n":1}\n{"n":2}\n{"n":4');
    const a = new Counter();
    expect(await a.load()).toEqual({ entries: 2 });
    expect(a.sum).toBe(3);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ version: 2, journal: 1, data: { sum: 3 } });
    expect(readdirSync(dir)).toEqual(['state.json']);
    a.add(10);
    await a.journal.flush();
    expect((await reload()).sum).toBe(13);
  });

  it('reads a snapshot written before the journal (the data alone) as generation 0', async () => {
    writeFileSync(file, JSON.stringify({ sum: 100 }));
    const a = await reload();
    expect(a.sum).toBe(100);
    a.add(1);
    await a.journal.flush();
    expect(readdirSync(dir).sort()).toEqual(['state.0.jsonl', 'state.json']);
    expect((await reload()).sum).toBe(101);
  });

  it('adds up exactly whichever step of a compaction a crash stopped at', async () => {
    // Before the new snapshot was in place: snapshot 0, journal 0 complete, journal 1 begun.
    writeFileSync(file, JSON.stringify({ version: 2, journal: 0, data: { sum: 10 } }));
    writeFileSync(path.join(dir, 'state.0.jsonl'), '{"n":1}\n{"n":2}\n');
    writeFileSync(path.join(dir, 'state.1.jsonl'), '{"n":4}\n');
    expect((await reload()).sum).toBe(17);
    // After it, before journal 0 was removed: snapshot 1 holds journal 0's changes.
    rmSync(dir, { recursive: true });
    dir = mkdtempSync(path.join(os.tmpdir(), 'cca-journal-'));
    file = path.join(dir, 'state.json');
    writeFileSync(file, JSON.stringify({ version: 2, journal: 1, data: { sum: 13 } }));
    writeFileSync(path.join(dir, 'state.0.jsonl'), '{"n":1}\n{"n":2}\n');
    writeFileSync(path.join(dir, 'state.1.jsonl'), '{"n":4}\n');
    const c = await reload();
    expect(c.sum).toBe(17);
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it('compacts once the journal outgrows the snapshot, losing and doubling nothing made meanwhile', async () => {
    const a = await reload({ minCompactBytes: 64 });
    let expected = 0;
    // Bursts across event-loop turns: some land while a compaction is writing its snapshot.
    for (let round = 0; round < 40; round++) {
      for (let i = 0; i < 7; i++) {
        a.add(round * 10 + i);
        expected += round * 10 + i;
      }
      await new Promise((r) => setTimeout(r, round % 3));
    }
    await a.journal.flush();
    expect(a.errors).toEqual([]);
    const snap = JSON.parse(readFileSync(file, 'utf8')) as { version: number; journal: number };
    expect(snap.version).toBe(2);
    expect(snap.journal).toBeGreaterThan(1); // compacted more than once
    // At most the snapshot and the journal after it.
    expect(readdirSync(dir).filter((n) => n.endsWith('.jsonl')).every((n) => n === `state.${snap.journal}.jsonl`)).toBe(true);
    expect((await reload()).sum).toBe(expected);
  });

  it('reports a failed append and goes on once the directory is back', async () => {
    const a = await reload();
    rmSync(dir, { recursive: true });
    a.add(1);
    await a.journal.flush();
    expect(a.errors.length).toBe(1);
    expect((a.errors[0] as NodeJS.ErrnoException).code).toBe('ENOENT');
    // The directory comes back: the next change is written, with the state it is part of at the next compaction.
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    a.add(2);
    await a.journal.flush();
    // In a journal of its own: the failed one may have ended in half a line.
    expect(readFileSync(path.join(dir, 'state.1.jsonl'), 'utf8')).toBe('{"n":2}\n');
  });

  it('never appends after half a line: a journal cut short mid-write is read up to it, the next one in full', async () => {
    writeFileSync(file, JSON.stringify({ version: 2, journal: 3, data: { sum: 100 } }));
    writeFileSync(path.join(dir, 'state.3.jsonl'), '{"n":1}\n{"n":');
    writeFileSync(path.join(dir, 'state.4.jsonl'), '{"n":10}\n');
    const a = new Counter();
    expect(await a.load()).toEqual({ entries: 2 });
    expect(a.sum).toBe(111);
  });
});
