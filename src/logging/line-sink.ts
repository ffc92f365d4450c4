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
  // Lines are encoded straight into one buffer: no array of strings to join, no copy per flush.
  private readonly buffer: Buffer;
  private bytes = 0;
  private timer: NodeJS.Timeout | null = null;
  private broken = false;

  constructor(
    private readonly fd = 1,
    private readonly maxBytes = 16 * 1024,
    private readonly maxDelayMs = 100,
  ) {
    this.buffer = Buffer.allocUnsafe(maxBytes);
    sinks.add(this);
    if (!exitHooked) {
      exitHooked = true;
      process.once('exit', () => sinks.forEach((s) => s.flush()));
    }
  }

  /** pino's destination interface: written now, after whatever is batched. */
  write(line: string): boolean {
    this.flush();
    if (!this.broken) this.writeAll(Buffer.from(line, 'utf8'));
    return true;
  }

  /** Batched: written within maxDelayMs, or at once when the batch is full. */
  append(line: string): void {
    // A UTF-8 character takes at most 3 bytes per UTF-16 unit: flush first unless it surely fits.
    if (this.bytes + line.length * 3 > this.maxBytes) {
      this.flush();
      if (line.length * 3 > this.maxBytes) return void this.write(line);
    }
    this.bytes += this.buffer.write(line, this.bytes, 'utf8');
    this.timer ??= setTimeout(() => this.flush(), this.maxDelayMs).unref();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.bytes === 0) return;
    const n = this.bytes;
    this.bytes = 0;
    if (!this.broken) this.writeAll(this.buffer.subarray(0, n));
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
