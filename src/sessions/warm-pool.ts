import type { Logger } from 'pino';
import type { CliProcess } from '../cli/cli-process.js';

interface Idle {
  proc: CliProcess;
  argsKey: string;
  timer: NodeJS.Timeout;
}

/**
 * Warm CLI processes waiting between turns, one per session at most: an idle one ends after
 * `idleMs`, and past `max` the least recently used ends first. A process running a turn is
 * not in the pool (its turn owns it); it comes back when the turn ends.
 */
export class WarmPool {
  // In the order parked, least recently used first: put() deletes before it sets, take() deletes.
  private readonly idle = new Map<string, Idle>();
  // A process is parked after each of its turns; its exit is watched once.
  private readonly watched = new WeakSet<CliProcess>();
  // Per-turn processes past their result, stdin closed, writing out their transcript: owned here until they exit.
  private readonly retiring = new Map<string, Set<CliProcess>>();

  constructor(
    private readonly max: number,
    private readonly idleMs: number,
    private readonly logger: Logger,
    /** Told when a session's warm process is parked (its pid) or gone (null), for orphan recovery. */
    private readonly onChange: (sessionId: string, proc: CliProcess | null) => void,
  ) {}

  /** The session's parked process if it is alive and was started with the same flags. */
  take(sessionId: string, argsKey: string): CliProcess | null {
    const entry = this.idle.get(sessionId);
    if (!entry) return null;
    this.idle.delete(sessionId);
    clearTimeout(entry.timer);
    if (entry.proc.alive && entry.argsKey === argsKey) return entry.proc;
    // Options changed (model, mode, tools...) or it died: the next turn starts afresh.
    entry.proc.close();
    this.onChange(sessionId, null);
    return null;
  }

  put(sessionId: string, proc: CliProcess, argsKey: string): void {
    if (!proc.alive) return this.onChange(sessionId, null);
    this.discard(sessionId);
    const timer = setTimeout(() => this.discard(sessionId), this.idleMs);
    timer.unref();
    this.idle.set(sessionId, { proc, argsKey, timer });
    if (!this.watched.has(proc)) {
      this.watched.add(proc);
      void proc.exited.then(() => {
        if (this.idle.get(sessionId)?.proc === proc) this.discard(sessionId);
      });
    }
    this.onChange(sessionId, proc);
    while (this.idle.size > this.max) {
      const oldest = this.idle.keys().next().value!;
      this.logger.info({ sessionId: oldest }, 'warm process ended: MAX_WARM_PROCESSES reached');
      this.discard(oldest);
    }
  }

  /**
   * Takes a process whose turn has ended and which is on its way out (stdin closed). The
   * session's next CLI waits for it (`settled`): two CLIs must never append to one transcript.
   */
  retire(sessionId: string, proc: CliProcess): void {
    if (!proc.alive) return;
    const set = this.retiring.get(sessionId) ?? new Set<CliProcess>();
    set.add(proc);
    this.retiring.set(sessionId, set);
    this.onChange(sessionId, proc);
    void proc.exited.then(() => {
      set.delete(proc);
      if (set.size > 0) return;
      if (this.retiring.get(sessionId) === set) this.retiring.delete(sessionId);
      if (!this.idle.has(sessionId)) this.onChange(sessionId, null);
    });
  }

  /** Resolves once no retiring process of the session is left. */
  async settled(sessionId: string): Promise<void> {
    const set = this.retiring.get(sessionId);
    if (set) await Promise.all([...set].map((p) => p.exited));
  }

  discard(sessionId: string): void {
    const entry = this.idle.get(sessionId);
    if (!entry) return;
    this.idle.delete(sessionId);
    clearTimeout(entry.timer);
    entry.proc.close();
    this.onChange(sessionId, null);
  }

  /** Ends the session's parked process and waits for its exit (the CLI flushes its transcript then). */
  async settle(sessionId: string): Promise<void> {
    const proc = this.idle.get(sessionId)?.proc;
    this.discard(sessionId);
    await Promise.all([proc?.exited, this.settled(sessionId)]);
  }

  /** Ends every parked process and waits for them (and every retiring one) to exit. */
  async closeAll(): Promise<void> {
    const procs = [...this.idle.values()].map((e) => e.proc);
    for (const id of [...this.idle.keys()]) this.discard(id);
    for (const set of this.retiring.values()) procs.push(...set);
    await Promise.all(procs.map((p) => p.exited));
  }

  /** Parked processes (retiring ones excluded): what counts against MAX_WARM_PROCESSES. */
  get size(): number {
    return this.idle.size;
  }
}
