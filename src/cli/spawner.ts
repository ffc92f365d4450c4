import { spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { signalGroup } from './kill-tree.js';

/** What to run; the child always leads a process group (and session) of its own. */
export interface SpawnSpec {
  bin: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
}

export interface ChildExit {
  exitCode: number | null;
  signal: string | null;
}

/** A running child: its stdio, and when it exited. stdout and stderr may start paused: resume() them once listening. */
export interface SpawnedChild {
  readonly pid: number;
  readonly stdin: Writable;
  readonly stdout: Readable;
  readonly stderr: Readable;
  /** The process exited (its stdio may still be draining: the group is killed then, so grandchildren let go of it). */
  readonly exited: Promise<ChildExit>;
  /** Exited, and stdout and stderr both ended. */
  readonly done: Promise<ChildExit>;
}

/** Starts CLI processes: the server itself (DirectSpawner) or the small cca-spawn helper (HelperSpawner). */
export interface Spawner {
  readonly kind: 'direct' | 'helper';
  /** Rejects with SpawnFailure when nothing could be started (no such program, no such cwd, ...). */
  spawn(spec: SpawnSpec): Promise<SpawnedChild>;
  /** Every child it started is dead once this resolves; spawn() fails afterwards. */
  close(): Promise<void>;
}

export class SpawnFailure extends Error {}

// How long stdio may stay open after the group was killed: a grandchild that left the group
// (setsid) can hold it forever, and the child's exit must still be reported.
const DRAIN_AFTER_EXIT_MS = 2000;

/** Resolves when both streams ended, or DRAIN_AFTER_EXIT_MS after `exited` (then they are destroyed). */
export function drained(exited: Promise<ChildExit>, streams: Readable[]): Promise<ChildExit> {
  const ends = streams.map((s) => (s.readableEnded || s.destroyed ? Promise.resolve() : new Promise<void>((r) => s.once('close', r))));
  return exited.then(async (exit) => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((r) => (timer = setTimeout(r, DRAIN_AFTER_EXIT_MS)));
    await Promise.race([Promise.all(ends), late]);
    clearTimeout(timer);
    for (const s of streams) if (!s.destroyed) s.destroy();
    return exit;
  });
}

/** Node's child_process, from the server's own process: a fork of the whole server per spawn. */
export class DirectSpawner implements Spawner {
  readonly kind = 'direct' as const;
  private closed = false;
  private readonly live = new Set<number>();

  spawn(spec: SpawnSpec): Promise<SpawnedChild> {
    if (this.closed) return Promise.reject(new SpawnFailure('the spawner is closed'));
    const child = spawn(spec.bin, spec.args, { cwd: spec.cwd, env: spec.env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    return new Promise((resolve, reject) => {
      child.once('error', (err) => {
        if (child.pid === undefined) reject(new SpawnFailure(err.message));
      });
      child.once('spawn', () => {
        const pid = child.pid!;
        this.live.add(pid);
        const exited = new Promise<ChildExit>((r) =>
          child.once('exit', (exitCode, signal) => {
            this.live.delete(pid);
            // Whatever the CLI left running in its group lets go of stdout now.
            signalGroup(pid, 'SIGKILL');
            r({ exitCode, signal });
          }),
        );
        resolve({ pid, stdin: child.stdin!, stdout: child.stdout!, stderr: child.stderr!, exited, done: drained(exited, [child.stdout!, child.stderr!]) });
      });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pid of this.live) signalGroup(pid, 'SIGKILL');
  }
}
