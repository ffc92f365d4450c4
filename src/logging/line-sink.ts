import { writeSync } from 'node:fs';

const sinks = new Set<LineSink>();
let exitHooked = false;

/**
 * Log lines to a file descriptor. Lines from the logger are written at once (start-up, warnings,
 * errors: rare, and wanted now); access lines are batched, one write per 16 KiB or 100 ms, because
 * a write per request costs more than serving a cheap request. Order is kept: a written line takes
 * the batch before it along. Batches are written on exit too.
 */
export class LineSink {
  private batch: string[] = [];
  private bytes = 0;
  private timer: NodeJS.Timeout | null = null;
  private broken = false;

  constructor(
    private readonly fd = 1,
    private readonly maxBytes = 16 * 1024,
    private readonly maxDelayMs = 100,
  ) {
    sinks.add(this);
    if (!exitHooked) {
      exitHooked = true;
      process.once('exit', () => sinks.forEach((s) => s.flush()));
    }
  }

  /** pino's destination interface: written now, after whatever is batched. */
  write(line: string): boolean {
    this.batch.push(line);
    this.flush();
    return true;
  }

  /** Batched: written within maxDelayMs, or at once when the batch is full. */
  append(line: string): void {
    this.batch.push(line);
    this.bytes += line.length;
    if (this.bytes >= this.maxBytes) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.maxDelayMs).unref();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.batch.length === 0) return;
    const data = Buffer.from(this.batch.length === 1 ? this.batch[0]! : this.batch.join(''), 'utf8');
    this.batch = [];
    this.bytes = 0;
    if (!this.broken) this.writeAll(data);
  }

  private writeAll(data: Buffer): void {
    let offset = 0;
    let busy = 0;
    while (offset < data.length) {
      try {
        offset += writeSync(this.fd, data, offset);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // A non-blocking pipe that is full: give the reader a moment, a bounded number of times.
        if (code === 'EAGAIN' && ++busy <= 100) {
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
          continue;
        }
        // The reader is gone (EPIPE) or the fd is unusable: logging stops, serving does not.
        this.broken = true;
        return;
      }
    }
  }
}
