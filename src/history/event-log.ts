import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { eventJson } from '../sessions/event-json.js';
import type { SessionEvent, SessionEventType } from '../sessions/events.js';
import { repairTail } from './log-file.js';
import { parseStoredEvent } from './stored-event.js';

// Kept whatever a turn's size: without them a turn's history would not say how it ended.
const ESSENTIAL = new Set<SessionEventType>(['turn_started', 'result', 'error', 'context_reset', 'turn_finished']);

// Appends within this long go out in one write: a warm turn's CLI prints its lines in 6-10 chunks
// over ~30 ms, and each write is a thread-pool round trip (~0.1 ms of CPU). Reads flush first.
const BATCH_MS = 10;

/** A session's append-only history: one JSON line per event, outside the workspace. */
export class EventLog {
  private stream: WriteStream | null = null;
  // Made on the first append: most sessions sit idle.
  private turnBytes: Map<string, number> | null = null;
  private batch: NodeJS.Timeout | null = null;

  private constructor(
    readonly file: string,
    private readonly maxTurnBytes: number,
  ) {}

  /** Opens (repairing a torn tail) and reports the last event id on disk, 0 for none. */
  static async open(file: string, maxTurnBytes: number): Promise<{ log: EventLog; lastId: number }> {
    const last = await repairTail(file);
    let lastId = 0;
    if (last) lastId = parseStoredEvent(last)?.id ?? 0;
    return { log: new EventLog(file, maxTurnBytes), lastId };
  }

  append(event: SessionEvent): void {
    // Token deltas are previews of the assistant message that follows them: replayed from memory
    // (the session's replay buffer), never written, which halves a streamed turn's writes. The
    // message's start and stop (model request spans, usage) are kept.
    if (event.type === 'stream_event' && event.message.event?.type === 'content_block_delta') return;
    const line = eventJson(event) + '\n';
    const turnBytes = (this.turnBytes ??= new Map());
    const used = turnBytes.get(event.turnId) ?? 0;
    if (used + line.length > this.maxTurnBytes && !ESSENTIAL.has(event.type)) return;
    if (event.type === 'turn_finished') turnBytes.delete(event.turnId);
    else turnBytes.set(event.turnId, used + line.length);
    this.stream ??= createWriteStream(this.file, { flags: 'a', mode: 0o600 });
    if (!this.batch) {
      this.stream.cork();
      this.batch = setTimeout(() => this.uncork(), BATCH_MS);
    }
    this.stream.write(line);
  }

  private uncork(): void {
    if (!this.batch) return;
    clearTimeout(this.batch);
    this.batch = null;
    this.stream?.uncork();
  }

  /** Resolves once every appended line has been handed to the OS. */
  flush(): Promise<void> {
    const s = this.stream;
    if (!s) return Promise.resolve();
    this.uncork();
    return new Promise((resolve) => s.write('', () => resolve()));
  }

  /** Events with after < id < before, oldest first; unreadable lines are skipped. */
  async *read(after: number, before = Infinity): AsyncGenerator<SessionEvent> {
    await this.flush();
    const input = createReadStream(this.file);
    const lines = createInterface({ input, crlfDelay: Infinity });
    try {
      for await (const line of lines) {
        const event = parseStoredEvent(line);
        if (!event || event.id <= after) continue;
        if (event.id >= before) break;
        yield event;
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    } finally {
      lines.close();
      input.destroy();
    }
  }

  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve) => (this.stream ? this.stream.end(resolve) : resolve()));
    this.stream = null;
  }

  async destroy(): Promise<void> {
    await this.close();
    await rm(this.file, { force: true });
  }
}
