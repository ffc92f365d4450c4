import fs from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './atomic-write.js';

// A journal smaller than this is never compacted (nor one smaller than the snapshot it follows).
const MIN_COMPACT_BYTES = 256 * 1024;

export interface SnapshotJournalOptions {
  /** Journal bytes below which no compaction happens, whatever the snapshot's size. */
  minCompactBytes?: number;
  /** A snapshot that exists but cannot be read: load() throws (the caller refuses to start), or reads it as none. */
  unreadable?: 'throw' | 'empty';
}

/** What load() found: the snapshot's data (null: none, or unreadable) and the journal's entries after it, in order. */
export interface JournalContents {
  data: unknown;
  entries: unknown[];
}

/**
 * State kept as a JSON snapshot plus an append-only journal of the changes since it, so that a
 * change costs one small append and fdatasync instead of a rewrite of the whole state: the usage
 * ledger grows with every key, day and model, and rewritten at each turn a year of 50 keys was
 * 5.8 MB and 75 ms of JSON.stringify on the server's thread per turn.
 *
 * Files: `<name>.json` holds `{version: 2, journal: G, data}` (or, written before the journal,
 * the data alone: G = 0); `<name>.<n>.jsonl`, n ≥ G, hold the entries after it, a JSON line each.
 * Once the journal outgrows the snapshot a new snapshot G+1 replaces it (atomically) and journal
 * G is removed: a crash at any point leaves a snapshot and journals that load() adds up exactly.
 */
export class SnapshotJournal {
  private readonly dir: string;
  private readonly base: string;
  private gen = 0;
  /** Journals found by load(): start() folds them into a new snapshot. */
  private found: number[] = [];
  private fd: number | null = null;
  private journalBytes = 0;
  private snapshotBytes = 0;
  private queue: string[] = [];
  private writing: Promise<void> | null = null;

  /**
   * @param file the snapshot's path (`….json`)
   * @param snapshot the whole state now, as the snapshot's data
   */
  constructor(
    private readonly file: string,
    private readonly snapshot: () => unknown,
    private readonly onError: (err: unknown) => void,
    private readonly opts: SnapshotJournalOptions = {},
  ) {
    this.dir = path.dirname(file);
    this.base = path.basename(file).replace(/\.json$/, '');
  }

  private journal(gen: number): string {
    return path.join(this.dir, `${this.base}.${gen}.jsonl`);
  }

  /** The generation a file name in the directory is the journal of, or null. */
  private genOf(name: string): number | null {
    const head = `${this.base}.`;
    if (!name.startsWith(head) || !name.endsWith('.jsonl')) return null;
    const n = name.slice(head.length, -'.jsonl'.length);
    return /^\d+$/.test(n) ? Number(n) : null;
  }

  private snapshotText(gen: number): string {
    return JSON.stringify({ version: 2, journal: gen, data: this.snapshot() });
  }

  private async putSnapshot(text: string): Promise<void> {
    await writeFileAtomic(this.file, text);
    this.snapshotBytes = Buffer.byteLength(text);
  }

  /** Reads the snapshot and the journals after it. A line cut short by a crash (the last one) is skipped. */
  async load(): Promise<JournalContents> {
    let data: unknown = null;
    let text: string | null = null;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' && this.opts.unreadable === 'throw') throw err;
    }
    if (text !== null) {
      try {
        const value: unknown = JSON.parse(text);
        this.snapshotBytes = Buffer.byteLength(text);
        if (isVersioned(value)) {
          data = value.data;
          this.gen = value.journal;
        } else data = value;
      } catch (err) {
        if (this.opts.unreadable === 'throw') throw new Error(`${this.file}: ${(err as Error).message}`);
      }
    }
    const names = await readdir(this.dir).catch(() => [] as string[]);
    this.found = names.flatMap((n) => this.genOf(n) ?? []).sort((a, b) => a - b);
    const entries: unknown[] = [];
    for (const gen of this.found) {
      if (gen < this.gen) continue; // folded into the snapshot already; removed by start()
      const text = await readFile(this.journal(gen), 'utf8');
      for (const line of text.split('\n')) {
        if (!line) continue;
        try {
          entries.push(JSON.parse(line));
        } catch {
          // cut short by a crash mid-append
        }
      }
    }
    return { data, entries };
  }

  /**
   * Once the caller holds what load() returned: journals found are folded into a new snapshot
   * and removed, so appends always start a fresh journal (never after a line cut short).
   */
  async start(): Promise<void> {
    if (this.found.length === 0) return;
    const next = Math.max(this.gen, ...this.found) + 1;
    await this.putSnapshot(this.snapshotText(next));
    this.gen = next;
    for (const gen of this.found) await rm(this.journal(gen), { force: true });
    this.found = [];
  }

  /** Records one change (already applied to the state the snapshot callback returns). */
  append(entry: unknown): void {
    this.queue.push(JSON.stringify(entry) + '\n');
    this.writing ??= this.drain().finally(() => (this.writing = null));
  }

  /** Waits for every append so far to be on disk, and closes the journal. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    await this.closeJournal();
  }

  private async drain(): Promise<void> {
    // Changes made in the same pass of the event loop share one write.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.queue.length > 0) {
      try {
        await this.write(this.take());
        if (this.journalBytes >= Math.max(this.opts.minCompactBytes ?? MIN_COMPACT_BYTES, this.snapshotBytes)) await this.compact();
      } catch (err) {
        this.onError(err);
        // The next append starts a journal of its own: this one may end in half a line (a disk
        // full mid-write), which load() skips as its last, and nothing is written after it.
        await this.closeJournal();
        this.gen += 1;
        this.journalBytes = 0;
      }
    }
  }

  private take(): string {
    const text = this.queue.join('');
    this.queue = [];
    return text;
  }

  private async compact(): Promise<void> {
    const next = this.gen + 1;
    const text = this.snapshotText(next);
    // Changes made before that snapshot but not yet written belong to the current journal:
    // until the new snapshot is in place, the old one and this journal are what load() reads.
    if (this.queue.length > 0) await this.write(this.take());
    const old = this.gen;
    await this.closeJournal();
    this.gen = next;
    this.journalBytes = 0;
    await this.putSnapshot(text);
    await rm(this.journal(old), { force: true });
  }

  private async write(text: string): Promise<void> {
    const fd = (this.fd ??= await openAppend(this.journal(this.gen)));
    const buf = Buffer.from(text, 'utf8');
    for (let off = 0; off < buf.length; ) off += await writeAt(fd, buf, off);
    await datasync(fd);
    this.journalBytes += buf.length;
  }

  private async closeJournal(): Promise<void> {
    const fd = this.fd;
    this.fd = null;
    if (fd !== null) await new Promise<void>((resolve) => fs.close(fd, () => resolve()));
  }
}

function isVersioned(v: unknown): v is { version: 2; journal: number; data: unknown } {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return o.version === 2 && Number.isSafeInteger(o.journal) && (o.journal as number) >= 0 && 'data' in o;
}

// Callback fs calls: about half the CPU of FileHandle promises (see atomic-write.ts).
const openAppend = (file: string) =>
  new Promise<number>((resolve, reject) => fs.open(file, 'a', 0o600, (err, fd) => (err ? reject(err) : resolve(fd))));
const writeAt = (fd: number, buf: Buffer, off: number) =>
  new Promise<number>((resolve, reject) => fs.write(fd, buf, off, buf.length - off, null, (err, n) => (err ? reject(err) : resolve(n))));
const datasync = (fd: number) => new Promise<void>((resolve, reject) => fs.fdatasync(fd, (err) => (err ? reject(err) : resolve())));
