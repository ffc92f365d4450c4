import { Worker } from 'node:worker_threads';
import { writeFileAtomic } from './atomic-write.js';

/** Writes a file whole and atomically (write-then-rename, fsync before the rename). */
export interface AtomicWriter {
  write(file: string, data: string): Promise<void>;
  /** Ends whatever the writer keeps running, once every write it took is done. */
  close(): Promise<void>;
}

/** The thread pool's writer (atomic-write.ts): five round trips per file, each a wake-up of the server's thread. */
export const poolWriter: AtomicWriter = { write: writeFileAtomic, close: async () => {} };

interface Request {
  id: number;
  file: string;
  data: string;
}
interface Reply {
  id: number;
  error?: { message: string; code?: string };
}

// The worker's whole program, run from its source text (no file to find in dist/ or under tsx).
// The same five calls as writeFileAtomic, synchronous on the worker's own thread: one message
// each way per file instead of five thread-pool round trips on the server's event loop.
function workerMain(): void {
  const fs = require('node:fs') as typeof import('node:fs');
  const { parentPort } = require('node:worker_threads') as typeof import('node:worker_threads');
  let seq = 0;
  parentPort!.on('message', (req: Request) => {
    const slash = req.file.lastIndexOf('/') + 1;
    const tmp = `${req.file.slice(0, slash)}.${req.file.slice(slash)}.${process.pid}.w${++seq}.tmp`;
    let fd: number | null = null;
    try {
      fd = fs.openSync(tmp, 'w', 0o600);
      fs.writeSync(fd, req.data);
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      fd = null;
      fs.renameSync(tmp, req.file);
      parentPort!.postMessage({ id: req.id });
    } catch (err) {
      if (fd !== null) fs.closeSync(fd);
      fs.rmSync(tmp, { force: true });
      const e = err as NodeJS.ErrnoException;
      parentPort!.postMessage({ id: req.id, error: { message: e.message, code: e.code } });
    }
  });
}

// A thread that fails this many times in a row is not started again: the pool writer takes over.
const MAX_FAILURES = 3;

/**
 * Session records and the usage ledger are written at every turn's start and end: on a thread of
 * its own each write costs the server's event loop one message each way. The thread starts at the
 * first write and ends after `idleMs` without one, so an idle server carries no second isolate.
 * A write whose thread died is done again by the pool writer: none is lost.
 */
export class ThreadWriter implements AtomicWriter {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, { req: Request; resolve: () => void; reject: (err: Error) => void }>();
  private nextId = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  private closed = false;
  private readonly inflight = new Set<Promise<void>>();

  constructor(private readonly idleMs = 10_000) {}

  /** Whether its thread runs now (it starts at a write and ends when idle). */
  get running(): boolean {
    return this.worker !== null;
  }

  write(file: string, data: string): Promise<void> {
    if (this.closed || this.failures >= MAX_FAILURES) return writeFileAtomic(file, data);
    const req: Request = { id: ++this.nextId, file, data };
    const written = new Promise<void>((resolve, reject) => {
      const worker = this.ensureWorker();
      // Held while writes are out: a shutdown's last write must keep the process alive.
      if (this.pending.size === 0) worker.ref();
      this.pending.set(req.id, { req, resolve, reject });
      clearTimeout(this.idleTimer);
      worker.postMessage(req);
    });
    const settled = written.then(
      () => {},
      () => {},
    );
    this.inflight.add(settled);
    void settled.then(() => this.inflight.delete(settled));
    return written;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.idleTimer);
    await Promise.allSettled([...this.inflight]);
    const w = this.worker;
    this.worker = null;
    await w?.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(`(${workerMain.toString()})()`, { eval: true });
    worker.unref();
    worker.on('message', (reply: Reply) => this.onReply(reply));
    // Died (out of memory, killed): its writes are done again in the pool, the next write starts another.
    const lost = (err: Error | null) => {
      if (this.worker !== worker) return;
      this.worker = null;
      if (err) this.failures++;
      const orphans = [...this.pending.values()];
      this.pending.clear();
      for (const o of orphans) writeFileAtomic(o.req.file, o.req.data).then(o.resolve, o.reject);
    };
    worker.on('error', (err) => lost(err));
    worker.on('exit', () => lost(null));
    this.worker = worker;
    return worker;
  }

  private onReply(reply: Reply): void {
    const p = this.pending.get(reply.id);
    if (!p) return;
    this.pending.delete(reply.id);
    this.failures = 0;
    if (reply.error) p.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
    else p.resolve();
    if (this.pending.size > 0) return;
    this.worker?.unref();
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.stopIdle(), this.idleMs);
    this.idleTimer.unref();
  }

  private stopIdle(): void {
    if (this.pending.size > 0 || !this.worker) return;
    const w = this.worker;
    this.worker = null;
    void w.terminate();
  }
}
