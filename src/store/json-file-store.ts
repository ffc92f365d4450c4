import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { SessionRecord } from '../sessions/session.js';
import { writeFileAtomic } from './atomic-write.js';
import { parseRecord, serializeRecord } from './record-schema.js';
import type { LoadResult, SessionStore } from './session-store.js';
import { mapBounded } from '../map-bounded.js';

// Files read at once at start-up (10,000 sessions one by one took seconds of round trips).
const LOAD_CONCURRENCY = 32;

/**
 * One JSON file per session, written atomically. Chosen over SQLite: no native module to
 * build, a record is readable with `cat`, and one session's corruption cannot spread.
 */
export class JsonFileSessionStore implements SessionStore {
  /** The latest text to write per id: serialised at save, a snapshot of a record the caller goes on mutating. */
  private readonly pending = new Map<string, string>();
  private readonly writing = new Map<string, Promise<void>>();

  constructor(
    private readonly dir: string,
    private readonly onError: (id: string, err: unknown) => void,
  ) {}

  async init(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
  }

  private file(id: string): string {
    return path.join(this.dir, `${id}.json`);
  }

  async loadAll(): Promise<LoadResult> {
    const ids = (await readdir(this.dir))
      .filter((name) => name.endsWith('.json') && !name.startsWith('.'))
      .sort()
      .map((name) => name.slice(0, -'.json'.length));
    const read = await mapBounded(ids, LOAD_CONCURRENCY, async (id): Promise<{ record: SessionRecord } | { corrupt: LoadResult['corrupt'][number] }> => {
      try {
        const record = parseRecord(JSON.parse(await readFile(this.file(id), 'utf8')));
        if (record.id !== id) throw new Error(`file holds session ${record.id}`);
        return { record };
      } catch (err) {
        return { corrupt: { id, error: (err as Error).message.slice(0, 300) } };
      }
    });
    const result: LoadResult = { records: [], corrupt: [] };
    for (const r of read) {
      if ('record' in r) result.records.push(r.record);
      else result.corrupt.push(r.corrupt);
    }
    return result;
  }

  save(record: SessionRecord): void {
    this.pending.set(record.id, serializeRecord(record));
    if (!this.writing.has(record.id)) this.writing.set(record.id, this.drain(record.id));
  }

  // Writes the latest pending state of one id until none is left; saves in between coalesce.
  private async drain(id: string): Promise<void> {
    // Saves made in the same pass of the event loop (a turn's start and its process's pid) make one write.
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      for (let next = this.pending.get(id); next; next = this.pending.get(id)) {
        this.pending.delete(id);
        try {
          await writeFileAtomic(this.file(id), next);
        } catch (err) {
          this.onError(id, err);
        }
      }
    } finally {
      this.writing.delete(id);
    }
  }

  async remove(id: string): Promise<void> {
    this.pending.delete(id);
    await this.writing.get(id);
    await rm(this.file(id), { force: true });
  }

  async saved(id: string): Promise<void> {
    while (this.writing.has(id)) await this.writing.get(id);
  }

  async flush(): Promise<void> {
    while (this.writing.size > 0) await Promise.all(this.writing.values());
  }
}
