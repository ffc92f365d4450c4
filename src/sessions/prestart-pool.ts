import { readFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import { buildCliArgs, type CliOptions } from '../cli/args.js';
import { CliProcess, type ProcessLimits } from '../cli/cli-process.js';
import type { Spawner } from '../cli/spawner.js';
import type { PermissionMode } from '../config.js';
import type { Launcher } from '../sandbox/launcher.js';
import { writeFileAtomic } from '../store/atomic-write.js';
import { isSessionId, newSessionId } from './session-ids.js';
import { warmArgsKey } from './turn-runner.js';
import type { Workspaces } from './workspace.js';

export interface PrestartDeps {
  /** How many CLIs to keep waiting (PREWARM_PROCESSES). */
  size: number;
  /** A CLI nobody adopted ends after this; the pool refills when sessions are created again. */
  idleMs: number;
  /** The options a session gets when it asks for none: what every pre-started CLI runs with. */
  defaults: { model: string; permissionMode: PermissionMode };
  bin: string;
  childEnv: Record<string, string>;
  limits: ProcessLimits;
  spawner: Spawner;
  launcher: Launcher;
  workspaces: Workspaces;
  /** Domains every sandbox may reach (a session asking for more starts cold). */
  allowDomains: readonly string[];
  /** Removes what the launcher made for an id that never became a session (private dirs, gateway token). */
  forget: (id: string) => Promise<void>;
  /** Whether one more live CLI may start beside `waiting` pre-started ones (MAX_WARM_PROCESSES, a free turn slot). */
  roomFor: (waiting: number) => boolean;
  /** STATE_DIR file naming the ids of waiting CLIs, so the next start removes what a killed server left. */
  stateFile: string;
  logger: Logger;
}

/** A pre-started CLI handed to a new session: its id and workspace become the session's. */
export interface Adoption {
  id: string;
  workspace: string;
  proc: CliProcess;
  /** The warm-pool key of the session's own options (control messages made the CLI match them). */
  argsKey: string;
}

interface Waiting {
  id: string;
  workspace: string;
  proc: CliProcess;
  /** The launcher's undoing (sandbox dirs, cgroup) once the process has exited. */
  released: Promise<void>;
  startedAt: number;
  timer: NodeJS.Timeout;
  /** The CLI answered `initialize`: its start-up is over (0.6-1 s after the spawn), a first turn skips all of it. */
  initialized: boolean;
}

/** What a session's options need from a CLI started with the defaults: control messages, or null (start cold). */
export function adoptionChanges(
  options: CliOptions,
  defaults: PrestartDeps['defaults'],
): { model?: string; permissionMode?: PermissionMode } | null {
  // Flags the CLI takes only at start, a per-process budget, or a sandbox of other reach.
  if (options.allowedTools?.length || options.disallowedTools?.length || options.appendSystemPrompt) return null;
  if (options.maxTurns !== undefined || options.maxBudgetUsd !== undefined || options.allowedDomains?.length) return null;
  const changes: { model?: string; permissionMode?: PermissionMode } = {};
  if (options.model !== defaults.model) changes.model = options.model;
  if (options.permissionMode !== defaults.permissionMode) {
    // The CLI will not switch into bypass at run time unless started allowing it.
    if (options.permissionMode === 'bypassPermissions') return null;
    changes.permissionMode = options.permissionMode;
  }
  return changes;
}

// A CLI that dies this soon after its start is failing, not idling: after three in a row the pool stops.
const EARLY_DEATH_MS = 10_000;
const MAX_EARLY_DEATHS = 3;
const TICK_MS = 2_000;
/** The longest a pool waits for an adopter's first turn before it starts the replacement. */
const REFILL_WAIT_MAX_MS = 2_000;

/**
 * CLIs started before their session exists, each in its own empty workspace and sandbox,
 * waiting on stdin for a first message. A new session whose options a control message can
 * reach adopts one (its id and workspace become the session's) and its first turn skips the
 * CLI's start-up. Same ownership as warm processes: each has one owner (this pool, then the
 * warm pool), and dies with its tree on idle, shutdown or a failed adoption.
 */
export class PrestartPool {
  private readonly waiting: Waiting[] = [];
  /** Ids whose workspace exists but whose CLI is not waiting yet: recorded too, for the next start's sweep. */
  private readonly pendingIds = new Set<string>();
  private saving: Promise<void> = Promise.resolve();
  private launching = 0;
  /** Adopted CLIs whose first turn is still running: their replacements wait (refillAfter). */
  private deferred = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private earlyDeaths = 0;
  private closed = false;
  /** When a session was last made: an idle pool is not refilled until the next. */
  private demandAt = Date.now();
  private readonly ticker: NodeJS.Timeout;

  constructor(private readonly deps: PrestartDeps) {
    this.ticker = setInterval(() => this.tick(), TICK_MS);
    this.ticker.unref();
  }

  get size(): number {
    return this.deps.size;
  }

  /** Waiting CLIs that have finished starting up. */
  get ready(): number {
    let n = 0;
    for (const w of this.waiting) if (w.initialized) n++;
    return n;
  }

  /** CLIs being launched or still starting up: adoptable, but their first turn waits out the rest of the start. */
  get starting(): number {
    return this.launching + this.waiting.length - this.ready;
  }

  /** Removes the workspaces and private dirs of CLIs a killed server left waiting (never sessions). */
  async init(isSession: (id: string) => boolean): Promise<number> {
    let ids: unknown;
    try {
      ids = JSON.parse(await readFile(this.deps.stateFile, 'utf8'));
    } catch {
      return 0;
    }
    let removed = 0;
    for (const id of Array.isArray(ids) ? ids : []) {
      if (typeof id !== 'string' || !isSessionId(id) || isSession(id)) continue;
      await this.deps.workspaces.remove(id).catch(() => {});
      await this.deps.forget(id).catch(() => {});
      removed++;
    }
    await this.saveIds();
    return removed;
  }

  /** Starts CLIs until the pool is full or there is no room. */
  fill(): void {
    while (
      !this.closed &&
      this.earlyDeaths < MAX_EARLY_DEATHS &&
      this.waiting.length + this.launching + this.deferred < this.deps.size &&
      this.deps.roomFor(this.waiting.length + this.launching)
    ) {
      this.launching++;
      let counted = true;
      // Counted as starting until it waits (or failed), not until its state is on disk.
      const done = () => {
        if (counted) this.launching--;
        counted = false;
      };
      const start = this.startOne(done)
        .catch((err: unknown) => {
          done();
          if (this.closed) return; // a launch cut short by shutdown is no failure
          this.earlyDeaths++;
          this.deps.logger.warn({ err }, 'could not pre-start a CLI');
        })
        .finally(() => this.inFlight.delete(start));
      this.inFlight.add(start);
    }
  }

  /** Tops the pool up while sessions are being made (room may have been short at the last adoption). */
  private tick(): void {
    if (Date.now() - this.demandAt < this.deps.idleMs) this.fill();
  }

  /** A waiting CLI made to match `options`, or null: the session then starts its CLI at its first turn. */
  take(options: CliOptions): Adoption | null {
    this.demandAt = Date.now();
    const changes = adoptionChanges(options, this.deps.defaults);
    if (!changes) return null;
    // One that has finished starting up first (oldest first); else the oldest, still sooner than a
    // cold start. One that died is skipped, not removed: its exit handler (onExit) removes its dirs.
    const live = this.waiting.filter((w) => w.proc.alive);
    const entry = live.find((w) => w.initialized) ?? live[0];
    if (!entry) return null;
    this.waiting.splice(this.waiting.indexOf(entry), 1);
    clearTimeout(entry.timer);
    void this.saveIds();
    // Sent before the first user message, which the CLI reads after them, in order.
    if (changes.model) entry.proc.send({ type: 'control_request', request_id: `model_${entry.id}`, request: { subtype: 'set_model', model: changes.model } });
    if (changes.permissionMode) {
      entry.proc.send({ type: 'control_request', request_id: `mode_${entry.id}`, request: { subtype: 'set_permission_mode', mode: changes.permissionMode } });
    }
    this.refillAfter(entry.proc);
    return { id: entry.id, workspace: entry.workspace, proc: entry.proc, argsKey: warmArgsKey(options) };
  }

  // The replacement starts once the adopter's first answer is out: a CLI's start-up (~0.6 s of a
  // core) beside that turn takes the CPU its answer needs. Capped, for a first turn that runs long.
  private refillAfter(adopted: CliProcess): void {
    let done = false;
    this.deferred++;
    const refill = () => {
      if (done) return;
      done = true;
      this.deferred--;
      clearTimeout(cap);
      this.fill();
    };
    const cap = setTimeout(refill, REFILL_WAIT_MAX_MS);
    cap.unref();
    void adopted.firstTurnEnded.then(refill);
  }

  /** Ends every waiting CLI and removes what it had; nothing starts afterwards. */
  async closeAll(): Promise<void> {
    this.closed = true;
    clearInterval(this.ticker);
    // A start under way ends itself once it sees `closed`; the launcher must outlive it.
    await Promise.all([...this.inFlight]);
    const all = this.waiting.splice(0);
    for (const w of all) {
      clearTimeout(w.timer);
      w.proc.close();
    }
    await Promise.all(all.map((w) => w.released.then(() => this.discardDirs(w.id))));
    await this.saveIds();
  }

  private async startOne(waiting: () => void): Promise<void> {
    const id = newSessionId();
    this.pendingIds.add(id);
    await this.saveIds();
    try {
      await this.startIn(id, await this.deps.workspaces.create(id), waiting);
    } finally {
      this.pendingIds.delete(id);
    }
  }

  private async startIn(id: string, workspace: string, waiting: () => void): Promise<void> {
    const options: CliOptions = { model: this.deps.defaults.model, permissionMode: this.deps.defaults.permissionMode };
    let proc: CliProcess;
    let released: Promise<void>;
    try {
      const launch = await this.deps.launcher.launch({
        sessionId: id,
        bin: this.deps.bin,
        args: buildCliArgs(options, { continueConversation: false, partialMessages: true, permissionPrompts: true }),
        cwd: workspace,
        env: this.deps.childEnv,
        allowDomains: this.deps.allowDomains,
      });
      proc = new CliProcess({ bin: launch.bin, args: launch.args, cwd: launch.cwd, env: launch.env, limits: this.deps.limits, keepAlive: true, spawner: this.deps.spawner });
      released = proc.exited.then(() => launch.release()).catch(() => {});
      await proc.start();
    } catch (err) {
      await this.discardDirs(id);
      throw err;
    }
    if (this.closed) {
      proc.close();
      await released;
      return this.discardDirs(id);
    }
    const entry: Waiting = { id, workspace, proc, released, startedAt: Date.now(), timer: setTimeout(() => this.expire(entry), this.deps.idleMs), initialized: false };
    entry.timer.unref();
    void proc.initialize().then((answered) => (entry.initialized = answered));
    this.pendingIds.delete(id);
    this.waiting.push(entry);
    waiting();
    await this.saveIds();
    void proc.exited.then((outcome) => this.onExit(entry, outcome.exitCode, outcome.stderr));
  }

  // A waiting CLI that exits by itself is replaced, unless it keeps dying at start.
  private onExit(entry: Waiting, exitCode: number | null, stderr: string): void {
    const i = this.waiting.indexOf(entry);
    if (i < 0) return; // adopted, expired or closed: its new owner handles it
    this.waiting.splice(i, 1);
    clearTimeout(entry.timer);
    void this.discardDirs(entry.id).then(() => this.saveIds());
    if (Date.now() - entry.startedAt < EARLY_DEATH_MS) {
      this.earlyDeaths++;
      this.deps.logger.warn({ exitCode, stderr: stderr.slice(-2000), earlyDeaths: this.earlyDeaths }, 'a pre-started CLI exited while waiting');
      if (this.earlyDeaths >= MAX_EARLY_DEATHS) this.deps.logger.error('pre-started CLIs keep exiting at start: the pool stops (sessions start their CLI at their first turn)');
    } else this.earlyDeaths = 0;
    this.fill();
  }

  private expire(entry: Waiting): void {
    const i = this.waiting.indexOf(entry);
    if (i < 0) return;
    this.waiting.splice(i, 1);
    entry.proc.close();
    void entry.proc.exited.then(() => this.discardDirs(entry.id)).then(() => this.saveIds());
  }

  private async discardDirs(id: string): Promise<void> {
    await this.deps.workspaces.remove(id).catch(() => {});
    await this.deps.forget(id).catch(() => {});
  }

  // One write at a time, each of the state at its turn: the last rename is the newest list.
  private saveIds(): Promise<void> {
    this.saving = this.saving.then(() =>
      writeFileAtomic(this.deps.stateFile, JSON.stringify([...this.pendingIds, ...this.waiting.map((w) => w.id)])).catch((err: unknown) =>
        this.deps.logger.warn({ err }, 'could not record the pre-started CLIs'),
      ),
    );
    return this.saving;
  }
}
