import type { Logger } from 'pino';
import { buildCliArgs, userMessageLine, type CliOptions } from '../cli/args.js';
import type { CliLine } from '../cli/cli-events.js';
import { CliProcess, type ProcessLimits, type ProcessOutcome } from '../cli/cli-process.js';
import type { Spawner } from '../cli/spawner.js';
import type { WarmPool } from './warm-pool.js';
import { diffSnapshots, scanWorkspace, type WorkspaceSnapshot } from '../files/snapshot.js';
import { isStagingName } from '../files/staging.js';
import type { FileChanges, ResultSummary, SessionEvent, SessionEventBody } from './events.js';
import { decideOutcome, summarizeResult, type TurnOutcome } from './turn-outcome.js';
import type { LiveSession } from './session.js';
import { newTurnId } from './session-ids.js';
import { PermissionBroker, type PermissionAnswer, type PermissionPolicy } from './permissions.js';
import type { TurnQueue } from './turn-queue.js';
import type { TurnBudget } from '../usage/budget.js';
import { SandboxError, type Launch, type Launcher } from '../sandbox/launcher.js';
import { eventJson } from './event-json.js';
import { domainsFor } from '../gateway/egress-policy.js';

export interface TurnDeps {
  /** Saves the session's record (turn start, process start, turn end). */
  persist: (live: LiveSession) => void;
  /** Saves the record and resolves once it is on disk. */
  persistNow: (live: LiveSession) => Promise<void>;
  bin: string;
  childEnv: Record<string, string>;
  limits: ProcessLimits;
  /** Starts each CLI (runtime.ts: the cca-spawn helper, or the server itself). */
  spawner: Spawner;
  queue: TurnQueue;
  logger: Logger;
  maxTurnEvents: number;
  /** Bytes of events kept for the turn's reply. */
  maxTurnEventBytes: number;
  /** How long a permission request waits for the API client before it is denied. */
  permissionTimeoutMs: number;
  /** Entries read by the before/after scan that lists a turn's file changes (0: no scan). */
  fileScanMaxEntries: number;
  /** Sessions in warm mode keep their CLI here between turns. */
  warmPool: WarmPool;
  defaultProcessMode: ProcessMode;
  /** Turns each CLI into what is spawned: its sandbox, private dirs and gateway token. */
  launcher: Launcher;
  /** Domains every session's sandbox may reach (SANDBOX_ALLOW_DOMAINS). */
  allowDomains: readonly string[];
}

export type ProcessMode = 'per-turn' | 'warm';

/** The flags of a CLI that serves any turn of a session: deltas always on, tools always asked about. */
export function warmArgsKey(options: CliOptions): string {
  return JSON.stringify(buildCliArgs(options, { continueConversation: false, partialMessages: true, permissionPrompts: true }));
}

export interface TurnRequest {
  prompt: string;
  partialMessages: boolean;
  /** Overrides the session's policy for this turn. */
  permissionPolicy?: PermissionPolicy;
  /** The budget left for this turn, when a cap applies. */
  budget?: TurnBudget | null;
}

type EndRequest = 'interrupt' | 'cancel' | 'shutdown';

// A snapshot kept between turns costs memory per session: only small workspaces keep theirs.
const SNAPSHOT_CACHE_MAX_ENTRIES = 1_000;

/** One turn of one session, from queue to result. It owns its process until the end. */
export class ActiveTurn {
  readonly id = newTurnId();
  phase: 'queued' | 'running' = 'queued';
  readonly done: Promise<TurnOutcome>;
  private process: CliProcess | null = null;
  /** The queue slot is held until this settles (a per-turn CLI exiting after its answer). */
  private heldUntil: Promise<unknown> | null = null;
  private sawToolUse = false;
  private endRequest: EndRequest | null = null;
  /** What interrupt/cancel/kill asked of a process that did not run yet. */
  private unsent: ((p: CliProcess) => void) | null = null;
  private leaveQueue: (() => void) | null = null;
  private readonly collected: SessionEvent[] = [];
  private dropped = 0;
  private collectedBytes = 0;
  private readonly texts: string[] = [];
  private result: Extract<CliLine, { type: 'result' }> | null = null;
  private files: FileChanges | null = null;
  private readonly permissions: PermissionBroker;
  private waiting = false;
  private readonly startedAt = Date.now();
  /** What this turn's model requests cost so far, as the gateway saw them (for the spend cap). */
  private gatewaySpendUsd = 0;
  /** The gateway refused or cut a model request of this turn at the spend cap. */
  private stoppedBySpendCap = false;
  private noCredential = false;
  private get policy() {
    return this.req.permissionPolicy ?? this.live.record.options.permissionPolicy ?? 'deny';
  }

  constructor(
    private readonly live: LiveSession,
    private readonly req: TurnRequest,
    private readonly deps: TurnDeps,
  ) {
    const record = live.record;
    this.permissions = new PermissionBroker({
      turnId: this.id,
      policy: this.policy,
      remembered: new Set(record.rememberedTools),
      timeoutMs: deps.permissionTimeoutMs,
      send: (m) => this.process?.send(m) ?? false,
      publish: (body) => void this.publish(body),
      onChange: (waiting) => {
        this.waiting = waiting;
        this.process?.holdIdle(waiting);
      },
      onRemember: (tool) => {
        if (!record.rememberedTools.includes(tool)) record.rememberedTools.push(tool);
        deps.persist(live);
      },
    });
    this.done = this.run();
  }

  get waitingForPermission(): boolean {
    return this.waiting;
  }

  /** The gateway refused a model request of this turn: the service has no credential at all. */
  noteNoCredential(): void {
    this.noCredential = true;
  }

  /** A model request of this turn finished (seen by the gateway). */
  addModelSpend(usd: number): void {
    this.gatewaySpendUsd += usd;
  }

  /** Why the next model request must not go out (the spend cap is reached), or null. */
  modelRequestRefusal(): string | null {
    const b = this.req.budget;
    if (!b || this.gatewaySpendUsd < b.remainingUsd) return null;
    this.stoppedBySpendCap = true;
    return `spend cap reached: this turn has used $${this.gatewaySpendUsd.toFixed(6)} of the $${b.remainingUsd.toFixed(6)} left of the ${b.scope} budget`;
  }

  /** Whether a reply whose input alone costs `usd` passes the cap (it is then cut before its content). */
  stopsAtModelSpend(usd: number): boolean {
    const b = this.req.budget;
    if (!b || this.gatewaySpendUsd + usd < b.remainingUsd) return false;
    this.stoppedBySpendCap = true;
    this.gatewaySpendUsd += usd; // its input was paid for, though the CLI never sees that reply's usage
    return true;
  }

  pendingPermissions() {
    return this.permissions.list();
  }

  answerPermission(requestId: string, answer: PermissionAnswer): void {
    this.permissions.answer(requestId, answer);
  }

  /** Switches the running CLI's permission mode; false when the process no longer listens. */
  setPermissionMode(mode: string): boolean {
    const sent = this.process?.send({ type: 'control_request', request_id: `mode_${Date.now()}`, request: { subtype: 'set_permission_mode', mode } }) ?? false;
    if (sent) this.publish({ type: 'permission_mode_changed', turnId: this.id, mode });
    return sent;
  }

  /** Ctrl-C semantics: the CLI ends the turn cleanly and keeps partial text. */
  interrupt(reason: 'interrupt' | 'shutdown' = 'interrupt'): void {
    if (this.end(reason)) this.signal((p) => p.interrupt());
  }

  /** The session is going away: the process and its tree die. */
  cancel(): void {
    if (this.end('cancel')) this.signal((p) => p.stop('cancel'));
  }

  /** No more grace: SIGKILL to the whole tree now. */
  kill(): void {
    this.end('shutdown');
    this.signal((p) => p.kill());
  }

  // Before its process runs (sandbox set-up, the scan, the spawn), the turn's end waits for it.
  private signal(act: (p: CliProcess) => void): void {
    if (this.process) act(this.process);
    else this.unsent = act;
  }

  // Records the first reason; returns whether a running process still needs a signal.
  private end(reason: EndRequest): boolean {
    if (this.endRequest) return false;
    this.endRequest = reason;
    if (this.leaveQueue) {
      this.leaveQueue();
      return false;
    }
    return true;
  }

  private publish(body: SessionEventBody): SessionEvent {
    const event = this.live.events.publish(body);
    if (body.type === 'stream_event') return event;
    const size = eventJson(event).length;
    if (this.collected.length < this.deps.maxTurnEvents && this.collectedBytes + size <= this.deps.maxTurnEventBytes) {
      this.collected.push(event);
      this.collectedBytes += size;
    } else this.dropped++;
    return event;
  }

  private async run(): Promise<TurnOutcome> {
    const record = this.live.record;
    const continued = record.claudeSessionId !== null;
    record.turnCount++;
    record.activeTurn = { id: this.id, prompt: this.req.prompt, startedAt: this.startedAt, pid: null, pidStartTime: null };
    this.publish({ type: 'turn_started', turnId: this.id, turnNumber: record.turnCount, continued, prompt: this.req.prompt });
    this.deps.persist(this.live);
    const release = await this.waitForSlot();
    let outcome: TurnOutcome;
    if (!release) {
      outcome = decideOutcome(this.outcomeInput(null));
    } else {
      try {
        this.phase = 'running';
        outcome = await this.runProcess(continued);
      } finally {
        if (this.heldUntil) void this.heldUntil.then(release);
        else release();
      }
    }
    this.finish(outcome);
    return outcome;
  }

  // Resolves with the slot's release function, or null when the turn ended while waiting.
  private async waitForSlot(): Promise<(() => void) | null> {
    const ticket = this.deps.queue.enqueue((position) => this.publish({ type: 'queued', turnId: this.id, position }));
    const left = new Promise<null>((resolve) => {
      this.leaveQueue = () => {
        if (ticket.cancel()) resolve(null);
      };
    });
    const release = await Promise.race([ticket.granted, left]);
    this.leaveQueue = null;
    if (release && this.endRequest) {
      release(); // ended in the instant between grant and start
      return null;
    }
    return release;
  }

  private async runProcess(continued: boolean): Promise<TurnOutcome> {
    const { record } = this.live;
    const policy = this.policy;
    // A budgeted turn runs alone: --max-budget-usd counts per process, and a warm one outlives the turn.
    const warm = (record.options.processMode ?? this.deps.defaultProcessMode) === 'warm' && !this.req.budget;
    const flags = {
      // Warm processes always stream deltas and ask about tools, so one process serves every turn's options.
      partialMessages: warm || this.req.partialMessages,
      permissionPrompts: warm || policy !== 'deny',
      maxBudgetUsd: this.req.budget?.remainingUsd,
    };
    // A warm CLI's flags depend on the session's options only (no budget, deltas and prompts always on).
    const argsKey = warmArgsKey(record.options);
    // The last turn's "after" is this one's "before" unless the API wrote files since.
    const before = this.live.snapshot ?? (await this.scan());
    this.live.snapshot = null;
    // A warm session's parked CLI, or a pre-started one its first turn adopted (any mode, not budgeted).
    let proc = warm || (!continued && !this.req.budget) ? this.deps.warmPool.take(record.id, argsKey) : null;
    const spawned = !proc;
    if (!proc) {
      // The previous turn's CLI may still be writing out the transcript this one continues.
      await this.deps.warmPool.settled(record.id);
      let launch: Launch;
      try {
        launch = await this.deps.launcher.launch({
          sessionId: record.id,
          bin: this.deps.bin,
          args: buildCliArgs(record.options, { ...flags, continueConversation: continued }),
          cwd: record.workspace,
          env: this.deps.childEnv,
          allowDomains: domainsFor(this.deps.allowDomains, record.options.allowedDomains),
        });
      } catch (err) {
        // Never a run without the sandbox: the turn fails and says why.
        const reason = err instanceof SandboxError ? err.reason : (err as Error).message;
        this.deps.logger.error({ sessionId: record.id, turnId: this.id, reason }, 'sandbox could not be set up');
        return decideOutcome(this.outcomeInput(sandboxFailed(reason)));
      }
      proc = new CliProcess({ bin: launch.bin, args: launch.args, cwd: launch.cwd, env: launch.env, limits: this.deps.limits, keepAlive: warm, spawner: this.deps.spawner });
      void proc.exited.then(() => launch.release());
      await proc.start();
    }
    this.process = proc;
    const pid = proc.pid ?? null;
    if (record.activeTurn) {
      record.activeTurn.pid = pid;
      record.activeTurn.pidStartTime = pid === null ? null : proc.startTime;
    }
    this.publish({ type: 'process_started', turnId: this.id, pid });
    // A new CLI does nothing before its prompt: its pid is on disk first, so a server killed at any
    // moment leaves no process that a restart would not know to kill.
    if (spawned) await this.deps.persistNow(this.live);
    // A parked warm CLI's pid is on disk already (record.warmProcess: what a restart kills).
    else if (record.warmProcess?.pid !== pid) this.deps.persist(this.live);
    const running = proc.runTurn(userMessageLine(this.req.prompt), (line) => this.onLine(line, continued), { deltas: this.req.partialMessages });
    this.unsent?.(proc);
    const exit = await running;
    if (warm) this.deps.warmPool.put(record.id, proc, argsKey);
    else {
      proc.close();
      this.deps.warmPool.retire(record.id, proc);
      // Its slot is free once the process is gone, not when its answer is.
      this.heldUntil = proc.exited;
    }
    this.permissions.close();
    // Without a tool call the CLI changed nothing in the workspace: no second scan.
    const after = this.sawToolUse || !before ? await this.scan() : before;
    if (after && !after.truncated && after.size <= SNAPSHOT_CACHE_MAX_ENTRIES) this.live.snapshot = after;
    if (before && after) {
      this.files = { ...diffSnapshots(before, after), truncated: before.truncated || after.truncated };
    }
    if (this.stoppedBySpendCap && this.req.budget && this.result?.subtype !== 'error_max_budget_usd') {
      const b = this.req.budget;
      this.publish({ type: 'budget_exceeded', turnId: this.id, scope: b.scope, budgetUsd: b.budgetUsd, spentUsd: b.spentUsd + this.gatewaySpendUsd });
    }
    const outcome = decideOutcome(this.outcomeInput(exit));
    // A failed turn is something an operator may have to act on.
    this.deps.logger[outcome.status === 'failed' ? 'warn' : 'info'](
      {
        sessionId: record.id,
        turnId: this.id,
        pid: exit.pid,
        exitCode: exit.exitCode,
        signal: exit.signal,
        stopReason: exit.stopReason,
        ms: exit.durationMs,
        costUsd: outcome.result?.costUsd ?? 0,
        status: outcome.status,
      },
      'turn finished',
    );
    return outcome;
  }

  // A failed scan (workspace removed mid-turn) only costs the file list, never the turn.
  private async scan(): Promise<WorkspaceSnapshot | null> {
    if (this.deps.fileScanMaxEntries === 0) return null;
    return scanWorkspace(this.live.record.workspace, { maxEntries: this.deps.fileScanMaxEntries, skipTop: isStagingName }).catch(() => null);
  }

  // A reply the gateway cut is one the CLI never costed: the turn is booked at what the gateway saw, if more.
  private bookedResult(r: ResultSummary): ResultSummary {
    return this.stoppedBySpendCap && this.gatewaySpendUsd > r.costUsd ? { ...r, costUsd: this.gatewaySpendUsd } : r;
  }

  private outcomeInput(exit: ProcessOutcome | null) {
    return {
      turnId: this.id,
      endRequest: this.endRequest,
      exit,
      result: this.result ? this.bookedResult(summarizeResult(this.result)) : null,
      texts: this.texts,
      events: [...this.collected],
      eventsDropped: this.dropped,
      durationMs: Date.now() - this.startedAt,
      files: this.files,
      stoppedBySpendCap: this.stoppedBySpendCap,
      noCredential: this.noCredential,
    };
  }

  private onLine(line: CliLine, continued: boolean): void {
    const turnId = this.id;
    switch (line.type) {
      case 'system':
        if (line.subtype === 'init' && line.session_id) this.adoptClaudeSession(line.session_id, continued);
        this.publish({ type: 'system', turnId, message: line });
        return;
      case 'assistant': {
        if (!this.sawToolUse && line.message.content.some((b) => b.type === 'tool_use')) this.sawToolUse = true;
        const text = line.message.content.filter((b) => b.type === 'text').map((b) => b.text ?? '').join('');
        if (text) this.texts.push(text);
        this.publish({ type: 'assistant', turnId, message: line });
        return;
      }
      case 'user':
        this.publish({ type: 'user', turnId, message: line });
        return;
      case 'stream_event':
        // A warm process always streams deltas; a turn that did not ask for them does not see them.
        if (this.req.partialMessages) this.publish({ type: 'stream_event', turnId, message: line });
        return;
      case 'result':
        this.result = line;
        if (line.subtype === 'error_max_budget_usd' && this.req.budget) {
          const b = this.req.budget;
          this.publish({ type: 'budget_exceeded', turnId, scope: b.scope, budgetUsd: b.budgetUsd, spentUsd: b.spentUsd + (line.total_cost_usd ?? 0) });
        }
        if (line.session_id) this.live.record.claudeSessionId = line.session_id;
        this.publish({ type: 'result', turnId, message: line });
        return;
      case 'control_request':
        this.permissions.handleRequest(line);
        return;
      case 'control_cancel_request':
        this.permissions.handleCancel(line.request_id);
        return;
      case 'control_response':
        return; // acknowledgements of our interrupt / mode requests
      case 'unknown':
        this.publish({ type: 'warning', turnId, code: 'UNKNOWN_LINE', message: 'unrecognised CLI line', data: line.value });
        return;
      case 'invalid':
        this.deps.logger.warn({ sessionId: this.live.record.id, turnId, reason: line.reason }, 'CLI printed a non-JSON line');
        this.publish({ type: 'warning', turnId, code: 'INVALID_LINE', message: line.reason, data: line.text.slice(0, 1000) });
        return;
    }
  }

  // A --continue turn that reports another session id started a fresh conversation.
  private adoptClaudeSession(id: string, continued: boolean): void {
    const previous = this.live.record.claudeSessionId;
    if (continued && previous && previous !== id) {
      this.deps.logger.warn({ sessionId: this.live.record.id, previous, current: id }, 'CLI context was reset');
      this.publish({ type: 'context_reset', turnId: this.id, previousClaudeSessionId: previous, claudeSessionId: id });
    }
    if (previous !== id) {
      this.live.record.claudeSessionId = id;
      // Saved at once: a crash later in this turn must not lose what --continue needs.
      this.deps.persist(this.live);
    }
  }

  private finish(outcome: TurnOutcome): void {
    const { record } = this.live;
    const r = outcome.result;
    if (r) {
      record.totals.costUsd += r.costUsd;
      record.totals.inputTokens += r.usage.inputTokens;
      record.totals.outputTokens += r.usage.outputTokens;
      record.totals.cacheCreationInputTokens += r.usage.cacheCreationInputTokens;
      record.totals.cacheReadInputTokens += r.usage.cacheReadInputTokens;
    }
    record.lastActivityAt = Date.now();
    record.lastTurn = { id: this.id, status: outcome.status, finishedAt: new Date().toISOString(), error: outcome.error };
    // Free the session before anyone hears it finished, so a reply to turn_finished is not refused as busy.
    this.live.turn = null;
    record.activeTurn = null;
    if (outcome.error) this.publish({ type: 'error', turnId: this.id, ...outcome.error });
    this.publish({
      type: 'turn_finished',
      turnId: this.id,
      status: outcome.status,
      text: outcome.text,
      result: outcome.result,
      error: outcome.error,
      endReason: outcome.endReason,
      files: outcome.files,
      durationMs: outcome.durationMs,
    });
    this.deps.persist(this.live);
  }
}

function sandboxFailed(reason: string): ProcessOutcome {
  return { pid: undefined, exitCode: null, signal: null, stopReason: null, sawResult: false, stderr: '', durationMs: 0, sandboxError: reason };
}
