import { execa, type ResultPromise } from 'execa';
import { TailBuffer } from './bounded-buffer.js';
import { parseCliLine, type CliLine } from './cli-events.js';
import { killTree, signalGroup } from './kill-tree.js';
import { LineSplitter } from './line-splitter.js';

export interface ProcessLimits {
  turnTimeoutMs: number;
  idleTimeoutMs: number;
  resultExitGraceMs: number;
  killGraceMs: number;
  stderrLimitBytes: number;
  maxLineBytes: number;
}

export interface TurnProcessSpec {
  bin: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  /** Written to stdin at start; stdin closes once the result line arrives. */
  input: string;
  limits: ProcessLimits;
}

/** Why the service ended the process, when it did (null: the process ended by itself). */
export type StopReason = 'interrupt' | 'cancel' | 'timeout' | 'idle' | 'shutdown' | 'no_exit_after_result';

export interface ProcessOutcome {
  pid: number | undefined;
  exitCode: number | null;
  signal: string | null;
  stopReason: StopReason | null;
  sawResult: boolean;
  stderr: string;
  durationMs: number;
  spawnError?: string;
}

// How long a control-request interrupt may take before SIGINT follows (the CLI answers in ~20 ms).
const CONTROL_INTERRUPT_GRACE_MS = 500;

/** One CLI process for one turn: it owns the child, its watchdogs and its whole tree. */
export class TurnProcess {
  readonly done: Promise<ProcessOutcome>;
  private child!: ResultPromise;
  private stopReason: StopReason | null = null;
  private sawResult = false;
  private exited = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private idleTimer: NodeJS.Timeout | undefined;
  private idleHeld = false;
  private readonly stderr: TailBuffer;
  private readonly startedAt = Date.now();
  private resolveDone!: (o: ProcessOutcome) => void;

  constructor(
    private readonly spec: TurnProcessSpec,
    private readonly onLine: (line: CliLine) => void,
  ) {
    this.stderr = new TailBuffer(spec.limits.stderrLimitBytes);
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    const { bin, args, cwd, env, limits } = this.spec;
    this.child = execa(bin, args, {
      cwd,
      env,
      extendEnv: false,
      stdin: 'pipe',
      stdout: 'pipe',
      stderr: 'pipe',
      buffer: false,
      reject: false,
      detached: true, // own process group, so the whole tree can be signalled at once
      cleanup: false,
      stripFinalNewline: false,
    });
    const splitter = new LineSplitter(
      limits.maxLineBytes,
      (text) => this.handleLine(text),
      (bytes) => this.onLine({ type: 'invalid', text: '', reason: `line over ${bytes} bytes dropped` }),
    );
    this.child.stdout!.on('data', (chunk: Buffer) => {
      this.armIdle();
      splitter.push(chunk);
    });
    this.child.stdout!.on('end', () => splitter.end());
    this.child.stderr!.on('data', (chunk: Buffer) => this.stderr.push(chunk));
    this.child.stdin!.on('error', () => {}); // EPIPE when the child dies before reading: the outcome tells
    this.child.stdin!.write(this.spec.input);
    this.armIdle();
    this.after(limits.turnTimeoutMs, () => this.stop('timeout'));
    // A grandchild holding stdout open would keep the streams (and execa) from ending: on exit,
    // the rest of the group dies at once.
    this.child.on('exit', () => {
      if (this.child.pid !== undefined) signalGroup(this.child.pid, 'SIGKILL');
    });
    this.child.then(
      (r) => this.finish(r.exitCode ?? null, r.signal ?? null, this.spawnFailure(r)),
      (err: Error) => this.finish(null, null, err.message),
    );
  }

  /**
   * Ends the turn cleanly: a stream-json `interrupt` control request while stdin is open (the
   * CLI answers with a result and keeps partial text), SIGINT if that is not heeded quickly,
   * and SIGKILL of the whole tree after the grace period.
   */
  interrupt(): void {
    if (this.exited || this.stopReason) return;
    if (!this.send({ type: 'control_request', request_id: `interrupt_${Date.now()}`, request: { subtype: 'interrupt' } })) {
      return this.requestStop('interrupt', 'SIGINT');
    }
    this.stopReason = 'interrupt';
    const pid = this.child.pid;
    if (pid === undefined) return;
    this.after(Math.min(CONTROL_INTERRUPT_GRACE_MS, this.spec.limits.killGraceMs), () => signalGroup(pid, 'SIGINT'));
    this.after(this.spec.limits.killGraceMs, () => void killTree(pid, 'SIGKILL'));
  }

  /** Writes one JSON message to the CLI's stdin; false once stdin is closed. Never a non-JSON line: it kills the CLI. */
  send(message: object): boolean {
    const stdin = this.child?.stdin;
    if (!stdin || stdin.writableEnded || stdin.destroyed || this.sawResult) return false;
    stdin.write(JSON.stringify(message) + '\n');
    return true;
  }

  stop(reason: Exclude<StopReason, 'interrupt'>): void {
    this.requestStop(reason, 'SIGTERM');
  }

  /** No grace left: SIGKILL to the whole tree now. */
  kill(): void {
    if (this.exited) return;
    this.stopReason ??= 'shutdown';
    const pid = this.child?.pid;
    if (pid !== undefined) void killTree(pid, 'SIGKILL');
  }

  private requestStop(reason: StopReason, signal: NodeJS.Signals): void {
    if (this.exited || this.stopReason) return;
    this.stopReason = reason;
    const pid = this.child?.pid;
    if (pid === undefined) return;
    signalGroup(pid, signal);
    this.after(this.spec.limits.killGraceMs, () => void killTree(pid, 'SIGKILL'));
  }

  private handleLine(text: string): void {
    if (text.trim() === '') return;
    const line = parseCliLine(text);
    if (line.type === 'result' && !this.sawResult) {
      this.sawResult = true;
      this.child.stdin!.end();
      // A CLI that lingers after its result holds a concurrency slot for nothing.
      this.after(this.spec.limits.resultExitGraceMs, () => this.stop('no_exit_after_result'));
    }
    this.onLine(line);
  }

  /** A CLI waiting for a permission answer is silent on purpose: the idle watchdog waits too. */
  holdIdle(hold: boolean): void {
    this.idleHeld = hold;
    this.armIdle();
  }

  private armIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (this.idleHeld || this.exited) return;
    this.idleTimer = setTimeout(() => this.stop('idle'), this.spec.limits.idleTimeoutMs);
  }

  private after(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private spawnFailure(r: { failed?: boolean; exitCode?: number; signal?: string; message?: string }): string | undefined {
    return r.failed && r.exitCode === undefined && r.signal === undefined ? r.message : undefined;
  }

  private finish(exitCode: number | null, signal: string | null, spawnError?: string): void {
    if (this.exited) return;
    this.exited = true;
    for (const t of this.timers) clearTimeout(t);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const pid = this.child?.pid;
    // Whatever the CLI left running in its group (background shells, servers) dies with the turn.
    if (pid !== undefined) signalGroup(pid, 'SIGKILL');
    this.resolveDone({
      pid,
      exitCode,
      signal,
      stopReason: this.stopReason,
      sawResult: this.sawResult,
      stderr: this.stderr.toString(),
      durationMs: Date.now() - this.startedAt,
      ...(spawnError ? { spawnError } : {}),
    });
  }
}
