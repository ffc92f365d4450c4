import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { eventJson } from '../sessions/event-json.js';
import type { SessionEvent, SessionEventType } from '../sessions/events.js';
import { repairTail } from './log-file.js';
import { parseStoredEvent } from './stored-event.js';

// Kept whatever a turn's size: without them a turn's history would not say how it ended.
const ESSENTIAL = new Set<SessionEventType>(['turn_started', 'result', 'error', 'context_reset', 'turn_finished']);

/** A session's append-only history: one JSON line per event, outside the workspace. */
export class EventLog {
  private stream: WriteStream | null = null;
  // Made on the first append: most sessions sit idle.
  private turnBytes: Map<string, number> | null = null;
  private corked = false;

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
    // (the session's replay buffer), never written, which halves a streamed turn's writes.
    if (event.type === 'stream_event') return;
    const line = eventJson(event) + '\n';
    const turnBytes = (this.turnBytes ??= new Map());
    const used = turnBytes.get(event.turnId) ?? 0;
    if (used + line.length > this.maxTurnBytes && !ESSENTIAL.has(event.type)) return;
    if (event.type === 'turn_finished') turnBytes.delete(event.turnId);
    else turnBytes.set(event.turnId, used + line.length);
    this.stream ??= createWriteStream(this.file, { flags: 'a', mode: 0o600 });
    // The events of one pass of the event loop (a chunk of CLI output) go out in one write.
    if (!this.corked) {
      this.corked = true;
      this.stream.cork();
      setImmediate(() => {
        this.corked = false;
        this.stream?.uncork();
      });
    }
    this.stream.write(line);
  }

  /** Resolves once every appended line has been handed to the OS. */
  flush(): Promise<void> {
    const s = this.stream;
    if (!s) return Promise.resolve();
    if (this.corked) {
      this.corked = false;
      s.uncork();
    }
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
