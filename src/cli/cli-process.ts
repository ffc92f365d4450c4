import { TailBuffer } from './bounded-buffer.js';
import { parseCliLine, type CliLine } from './cli-events.js';
import { killTree, signalGroup } from './kill-tree.js';
import { LineSplitter } from './line-splitter.js';
import { processStartTime } from './proc-info.js';
import type { SpawnedChild, Spawner } from './spawner.js';

export interface ProcessLimits {
  turnTimeoutMs: number;
  idleTimeoutMs: number;
  resultExitGraceMs: number;
  killGraceMs: number;
  stderrLimitBytes: number;
  maxLineBytes: number;
}

export interface CliProcessSpec {
  bin: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  limits: ProcessLimits;
  /** Who starts the process (runtime.ts chooses: the cca-spawn helper, or the server itself). */
  spawner: Spawner;
  /**
   * Either way the turn ends at its result line. false (per-turn mode): stdin closes then and
   * the process exits on its own (ended after `resultExitGraceMs` if it lingers); `exited`
   * tells when. true (warm mode): the process waits, stdin open, for the next user message.
   */
  keepAlive: boolean;
}

/** Why the service ended the turn or the process, when it did (null: it ended by itself). */
export type StopReason = 'interrupt' | 'cancel' | 'timeout' | 'idle' | 'shutdown' | 'no_exit_after_result';

export interface ProcessOutcome {
  pid: number | undefined;
  /** null while the process lives on (a warm turn that ended at its result). */
  exitCode: number | null;
  signal: string | null;
  stopReason: StopReason | null;
  sawResult: boolean;
  stderr: string;
  durationMs: number;
  spawnError?: string;
  /** The sandbox could not be set up; nothing was spawned. */
  sandboxError?: string;
}

interface Turn {
  onLine: (line: CliLine) => void;
  resolve: (o: ProcessOutcome) => void;
  startedAt: number;
  stopReason: StopReason | null;
  sawResult: boolean;
  timers: Set<NodeJS.Timeout>;
  /** false: token deltas (a warm CLI prints them for every turn) are dropped unparsed. */
  deltas: boolean;
}

// How the CLI starts a token-delta line (its JSON keeps `type` first).
const STREAM_EVENT_PREFIX = '{"type":"stream_event"';

// How long a control-request interrupt may take before SIGINT follows (the CLI answers in ~20 ms).
const CONTROL_INTERRUPT_GRACE_MS = 500;

/** One CLI process: it owns the child, the watchdogs of the turn it runs, and its whole tree. */
export class CliProcess {
  /** Resolves when the process has exited (and its group was killed). */
  readonly exited: Promise<ProcessOutcome>;
  /** Resolves when the process's first turn has ended (answered, stopped or the process gone). */
  readonly firstTurnEnded: Promise<void>;
  private resolveFirstTurn!: () => void;
  private child: SpawnedChild | undefined;
  /** stop/kill/close asked for before the spawn completed: done to the process as soon as it exists. */
  private early: (() => void) | null = null;
  private turn: Turn | null = null;
  private gone: ProcessOutcome | null = null;
  private idleTimer: NodeJS.Timeout | undefined;
  private idleHeld = false;
  private readonly stderr: TailBuffer;
  private readonly startedAt = Date.now();
  private resolveExited!: (o: ProcessOutcome) => void;
  /** The `initialize` request (see initialize()); `resolve` is null once it is settled. */
  private initializing: { id: string; resolve: ((answered: boolean) => void) | null } | null = null;

  constructor(readonly spec: CliProcessSpec) {
    this.stderr = new TailBuffer(spec.limits.stderrLimitBytes);
    this.exited = new Promise((resolve) => (this.resolveExited = resolve));
    this.firstTurnEnded = new Promise((resolve) => (this.resolveFirstTurn = resolve));
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** The kernel's start time of the process (see proc-info), read once: a warm CLI serves many turns. */
  get startTime(): string | null {
    const pid = this.child?.pid;
    if (pid === undefined) return null;
    if (this.startTimeRead === undefined) this.startTimeRead = processStartTime(pid);
    return this.startTimeRead;
  }
  private startTimeRead: string | null | undefined;

  get alive(): boolean {
    return this.child !== undefined && this.gone === null;
  }

  /** Starts the process; resolves once it runs (its pid is known) or could not be started (`exited` says why). */
  async start(): Promise<void> {
    const { bin, args, cwd, env, limits } = this.spec;
    let child: SpawnedChild;
    try {
      child = await this.spec.spawner.spawn({ bin, args, cwd, env });
    } catch (err) {
      return this.finish(null, null, (err as Error).message);
    }
    this.child = child;
    const splitter = new LineSplitter(
      limits.maxLineBytes,
      (text) => this.handleLine(text),
      (bytes) => this.turn?.onLine({ type: 'invalid', text: '', reason: `line over ${bytes} bytes dropped` }),
    );
    child.stdout.on('data', (chunk: Buffer) => {
      this.armIdle();
      splitter.push(chunk);
    });
    child.stdout.on('end', () => splitter.end());
    child.stderr.on('data', (chunk: Buffer) => this.stderr.push(chunk));
    child.stdout.resume();
    child.stderr.resume();
    child.stdin.on('error', () => {}); // EPIPE when the child dies before reading: the outcome tells
    void child.done.then((r) => this.finish(r.exitCode, r.signal));
    const early = this.early;
    this.early = null;
    early?.();
  }

  /** Runs one turn: writes the user line and resolves when the turn ends (see `keepAlive`). */
  runTurn(input: string, onLine: (line: CliLine) => void, opts: { deltas: boolean } = { deltas: true }): Promise<ProcessOutcome> {
    if (this.gone) return Promise.resolve(this.gone);
    if (this.turn) throw new Error('a turn is already running in this process');
    // An answer to initialize() would come inside the turn now, where the turn's owner ignores it.
    this.settleInit(false);
    return new Promise((resolve) => {
      this.turn = { onLine, resolve, startedAt: Date.now(), stopReason: null, sawResult: false, timers: new Set(), deltas: opts.deltas };
      this.child?.stdin.write(input);
      this.armIdle();
      this.after(this.spec.limits.turnTimeoutMs, () => this.stop('timeout'));
    });
  }

  /**
   * Ends the turn cleanly: a stream-json `interrupt` control request while stdin is open (the
   * CLI answers with a result and keeps partial text), SIGINT if that is not heeded quickly,
   * and SIGKILL of the whole tree after the grace period.
   */
  interrupt(): void {
    const turn = this.turn;
    if (!turn || this.gone || turn.stopReason) return;
    if (!this.send({ type: 'control_request', request_id: `interrupt_${Date.now()}`, request: { subtype: 'interrupt' } })) {
      return this.requestStop('interrupt', 'SIGINT');
    }
    turn.stopReason = 'interrupt';
    const pid = this.child?.pid;
    if (pid === undefined) return;
    this.after(Math.min(CONTROL_INTERRUPT_GRACE_MS, this.spec.limits.killGraceMs), () => signalGroup(pid, 'SIGINT'));
    this.after(this.spec.limits.killGraceMs, () => void killTree(pid, 'SIGKILL'));
  }

  /**
   * Asks the CLI the `initialize` control request (as the Agent SDK does first): true once it
   * answers, which it does when its start-up is over and it reads stdin; false if it exits, or a
   * turn begins, first. Used by the pre-start pool to tell a CLI still starting from one ready.
   */
  initialize(): Promise<boolean> {
    if (this.initializing) throw new Error('initialize() asked twice');
    const id = `init_${this.pid ?? 0}_${Date.now()}`;
    const answered = new Promise<boolean>((resolve) => (this.initializing = { id, resolve }));
    if (!this.send({ type: 'control_request', request_id: id, request: { subtype: 'initialize' } })) this.settleInit(false);
    return answered;
  }

  private settleInit(answered: boolean): void {
    const resolve = this.initializing?.resolve;
    if (!resolve) return;
    this.initializing!.resolve = null;
    resolve(answered);
  }

  /** Writes one JSON message to the CLI's stdin; false once it no longer listens. Never a non-JSON line: it kills the CLI. */
  send(message: object): boolean {
    const stdin = this.child?.stdin;
    if (!stdin || stdin.writableEnded || stdin.destroyed || this.gone) return false;
    if (!this.spec.keepAlive && this.turn?.sawResult) return false;
    stdin.write(JSON.stringify(message) + '\n');
    return true;
  }

  /** Ends the process (SIGTERM, SIGKILL of the tree after the grace period). */
  stop(reason: Exclude<StopReason, 'interrupt'>): void {
    this.requestStop(reason, 'SIGTERM');
  }

  /** An idle warm process leaves the way a CLI does when its input ends. */
  close(): void {
    if (this.gone) return;
    if (!this.child) return void (this.early = () => this.close());
    this.child.stdin.end();
    this.killAfterGrace(this.child.pid);
  }

  /** No grace left: SIGKILL to the whole tree now. */
  kill(): void {
    if (this.gone) return;
    if (this.turn) this.turn.stopReason ??= 'shutdown';
    if (!this.child) return void (this.early = () => this.kill());
    void killTree(this.child.pid, 'SIGKILL');
  }

  /** A CLI waiting for a permission answer is silent on purpose: the idle watchdog waits too. */
  holdIdle(hold: boolean): void {
    this.idleHeld = hold;
    this.armIdle();
  }

  private requestStop(reason: StopReason, signal: NodeJS.Signals): void {
    if (this.gone) return;
    if (!this.child) return void (this.early = () => this.requestStop(reason, signal));
    if (this.turn) {
      if (this.turn.stopReason) return;
      this.turn.stopReason = reason;
    }
    const pid = this.child.pid;
    signalGroup(pid, signal);
    this.killAfterGrace(pid);
  }

  // Not a turn timer: the process must die even if its turn is already settled.
  private killAfterGrace(pid: number): void {
    this.unlessExited(this.spec.limits.killGraceMs, () => void killTree(pid, 'SIGKILL'));
  }

  // A process timer, not a turn's: cleared only by the exit.
  private unlessExited(ms: number, fn: () => void): void {
    const t = setTimeout(fn, ms);
    void this.exited.then(() => clearTimeout(t));
  }

  private handleLine(text: string): void {
    if (text.trim() === '') return;
    const turn = this.turn;
    if (!turn) {
      // Between turns the CLI says nothing but the answer to initialize(); nothing else listens.
      if (this.initializing?.resolve && text.startsWith('{"type":"control_response"')) {
        const line = parseCliLine(text);
        if (line.type === 'control_response' && line.response?.request_id === this.initializing.id) this.settleInit(true);
      }
      return;
    }
    // One line per token: not worth a JSON.parse when nobody asked for them.
    if (!turn.deltas && text.startsWith(STREAM_EVENT_PREFIX)) return;
    const line = parseCliLine(text);
    if (line.type === 'result' && !turn.sawResult) {
      turn.sawResult = true;
      turn.onLine(line);
      if (!this.spec.keepAlive) {
        this.child?.stdin.end();
        // A CLI that lingers after its result holds memory (and its owner's slot) for nothing.
        this.unlessExited(this.spec.limits.resultExitGraceMs, () => this.stop('no_exit_after_result'));
      }
      // The answer is complete: the client need not wait for the CLI to write out and exit.
      return this.endTurn({ exitCode: null, signal: null });
    }
    turn.onLine(line);
  }

  private endTurn(exit: { exitCode: number | null; signal: string | null; spawnError?: string }): void {
    const turn = this.turn;
    if (!turn) return;
    this.turn = null;
    for (const t of turn.timers) clearTimeout(t);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    turn.resolve(this.outcome(exit, turn));
    this.resolveFirstTurn();
  }

  // What a turn ended with (its stop reason and result), or the process (none of either).
  private outcome(exit: { exitCode: number | null; signal: string | null; spawnError?: string }, turn: Turn | null): ProcessOutcome {
    return {
      pid: this.child?.pid,
      exitCode: exit.exitCode,
      signal: exit.signal,
      stopReason: turn?.stopReason ?? null,
      sawResult: turn?.sawResult ?? false,
      stderr: this.stderr.toString(),
      durationMs: Date.now() - (turn?.startedAt ?? this.startedAt),
      ...(exit.spawnError ? { spawnError: exit.spawnError } : {}),
    };
  }

  private armIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (this.idleHeld || this.gone || !this.turn) return;
    this.idleTimer = setTimeout(() => this.stop('idle'), this.spec.limits.idleTimeoutMs);
  }

  // Timers of the running turn: cleared when it ends, whichever way.
  private after(ms: number, fn: () => void): void {
    const turn = this.turn;
    if (!turn) return;
    const t = setTimeout(() => {
      turn.timers.delete(t);
      fn();
    }, ms);
    turn.timers.add(t);
  }

  private finish(exitCode: number | null, signal: string | null, spawnError?: string): void {
    if (this.gone) return;
    const pid = this.child?.pid;
    // Whatever the CLI left running in its group (background shells, servers) dies with it.
    if (pid !== undefined) signalGroup(pid, 'SIGKILL');
    this.gone = this.outcome({ exitCode, signal, spawnError }, null);
    this.endTurn({ exitCode, signal, spawnError });
    this.resolveFirstTurn();
    this.settleInit(false);
    this.resolveExited(this.gone);
  }
}
