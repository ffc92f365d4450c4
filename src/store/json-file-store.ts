import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { SessionRecord } from '../sessions/session.js';
import { writeFileAtomic } from './atomic-write.js';
import { parseRecord, serializeRecord } from './record-schema.js';
import type { LoadResult, SessionStore } from './session-store.js';

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
    const result: LoadResult = { records: [], corrupt: [] };
    for (const name of (await readdir(this.dir)).sort()) {
      if (!name.endsWith('.json') || name.startsWith('.')) continue;
      const id = name.slice(0, -'.json'.length);
      try {
        const record = parseRecord(JSON.parse(await readFile(path.join(this.dir, name), 'utf8')));
        if (record.id !== id) throw new Error(`file holds session ${record.id}`);
        result.records.push(record);
      } catch (err) {
        result.corrupt.push({ id, error: (err as Error).message.slice(0, 300) });
      }
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
