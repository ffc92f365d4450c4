import type { Logger } from 'pino';
import { canSee, type Caller } from '../auth/caller.js';
import type { CliOptions } from '../cli/args.js';
import type { Config } from '../config.js';
import { ApiError } from '../errors.js';
import type { SessionStore } from '../store/session-store.js';
import { openLiveSession, type LiveSessionLimits } from './live-session.js';
import { recoverRecord } from './recovery.js';
import { resumeInto, type ResumeContext, type ResumeRequest } from './resume.js';
import type { PermissionAnswer } from './permissions.js';
import { budgetForTurn, type KeyBudget } from '../usage/budget.js';
import type { UsageLedger } from '../usage/ledger.js';
import type { PermissionMode } from '../config.js';
import { removeTranscripts } from '../cli/transcripts.js';
import { emptyTotals, sessionStatus, snapshotOf, snapshotOfRecord, type LiveSession, type SessionRecord, type SessionSnapshot, type SessionStatus } from './session.js';
import type { SharedRegistry } from './shared-registry.js';
import type { SharedEventLogs } from './shared-events.js';
import { readConversation, type ConversationBuilder } from '../history/conversation.js';
import { replayThenFollow, replayThenTail, type EventSource } from '../history/replay.js';
import { isSessionId, newSessionId } from './session-ids.js';
import { firstAfter, SessionIndex } from './session-index.js';
import { ActiveTurn, type TurnDeps, type TurnRequest } from './turn-runner.js';
import type { Workspaces } from './workspace.js';
import type { SessionDirs } from '../sandbox/session-dirs.js';
import type { RequestUsage } from '../gateway/usage-tap.js';
import { requestCostUsd } from '../usage/prices.js';
import { domainsFor } from '../gateway/egress-policy.js';
import type { Adoption, PrestartPool } from './prestart-pool.js';
import { mapBounded } from '../map-bounded.js';

// Sessions opened at once at start-up.
const RESTORE_CONCURRENCY = 32;

export interface CreateSessionInput {
  owner: string;
  /** The caller may hand out conversations from anywhere on the host. */
  admin: boolean;
  resume?: ResumeRequest;
  name?: string;
  options: CliOptions;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ServiceDeps {
  config: Config;
  logger: Logger;
  workspaces: Workspaces;
  turnDeps: TurnDeps;
  store: SessionStore;
  history: LiveSessionLimits;
  /** Spend caps: the usage ledger and the per-key budget (none when absent). */
  usage?: { ledger: UsageLedger; keyBudget: KeyBudget | null };
  /** Each session's private HOME and CLI config dir (transcripts live there). */
  sessionDirs: SessionDirs;
  /** Ends a session's gateway token when the session goes. */
  revokeGatewayToken: (sessionId: string) => void;
  /**
   * Set when SANDBOX=auto found no working sandbox: sessions that could run commands are refused
   * (the reason says why); null when the sandbox is in force or the operator chose none.
   */
  unconfinedRefusal: string | null;
  /** CLIs started before their session: a new session adopts one when its options allow. */
  prestart: PrestartPool | null;
  /** Shared mode: the registry every replica sees (caps, listing); absent on a single node. */
  shared?: SharedRegistry;
  /** Shared mode: every session's events in the shared store, for sessions another replica runs. */
  sharedEvents?: SharedEventLogs;
}

export interface RestoreReport {
  loaded: number;
  corrupt: Array<{ id: string; error: string }>;
  interruptedTurns: number;
  orphansKilled: number;
}

/** Session lifecycle and turn admission: who may start what, and when it ends. */
export class SessionService {
  private readonly sessions = new SessionIndex();
  private readonly reserved = new Set<string>();
  /** Creates under way per owner, counted against the key's cap like sessions. */
  private readonly reservedBy = new Map<string, number>();
  private shuttingDown = false;

  constructor(private readonly deps: ServiceDeps) {}

  /** Whether a session of this id exists (any owner). */
  knows(id: string): boolean {
    return this.sessions.get(id) !== undefined;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  async create(input: CreateSessionInput): Promise<LiveSession> {
    this.refuseWhenShuttingDown();
    this.refuseUnconfined(input.options);
    // Shared mode: the caps are counted in the registry, atomically with the reservation below.
    if (!this.deps.shared) this.admitSession(input.owner);
    // A resumed conversation needs its transcript in place before the CLI starts.
    const adoption: Adoption | null = input.resume ? null : (this.deps.prestart?.take(input.options) ?? null);
    const id = adoption?.id ?? newSessionId();
    const now = Date.now();
    const record: SessionRecord = {
      id,
      owner: input.owner,
      name: input.name ?? null,
      options: input.options,
      workspace: this.deps.workspaces.pathFor(id),
      // A resumed conversation continues from its first turn on.
      claudeSessionId: input.resume?.claudeSessionId ?? null,
      createdAt: now,
      lastActivityAt: now,
      turnCount: 0,
      totals: emptyTotals(),
      lastTurn: null,
      activeTurn: null,
      rememberedTools: [],
      warmProcess: null,
      lastEventId: 0,
    };
    // Reserve before any await so concurrent creates cannot overshoot MAX_SESSIONS or the key's cap.
    this.reserved.add(id);
    this.reservedBy.set(input.owner, (this.reservedBy.get(input.owner) ?? 0) + 1);
    let live: LiveSession;
    let admission: { release: () => Promise<void> } | null = null;
    try {
      if (this.deps.shared) admission = await this.deps.shared.admit(record);
      if (!adoption) await this.deps.workspaces.create(id);
      if (input.resume) await resumeInto(record.workspace, input.resume, this.resumeContext(input, id));
      live = await openLiveSession(record, this.deps.history);
    } catch (err) {
      await admission?.release().catch(() => {});
      if (adoption) {
        adoption.proc.close();
        await adoption.proc.exited;
        this.deps.revokeGatewayToken(id);
      }
      await this.deps.workspaces.remove(id).catch(() => {});
      await this.deps.sessionDirs.remove(id).catch(() => {});
      throw err;
    } finally {
      this.reserved.delete(id);
      const left = (this.reservedBy.get(input.owner) ?? 1) - 1;
      if (left > 0) this.reservedBy.set(input.owner, left);
      else this.reservedBy.delete(input.owner);
    }
    this.sessions.set(id, live);
    // Parked like a warm session's CLI: the first turn (of either mode) takes it from there.
    if (adoption) this.deps.turnDeps.warmPool.put(id, adoption.proc, adoption.argsKey);
    else this.deps.prestart?.fill();
    this.deps.store.save(record);
    this.deps.logger.info({ sessionId: id, model: input.options.model }, 'session created');
    return live;
  }

  /**
   * Unknown, malformed and other tenants' ids answer alike (no existence oracle), before any
   * lookup touches the disk.
   */
  get(id: string, caller: Caller): LiveSession {
    const live = isSessionId(id) ? this.sessions.get(id) : undefined;
    if (!live || !canSee(caller, live.record.owner)) throw new ApiError('SESSION_NOT_FOUND', 'no such session');
    return live;
  }

  /**
   * The session's events after `after` (by default from now on), then live ones until the client
   * leaves or the session is deleted. Where the session runs they come from memory; in shared mode
   * any other replica reads them from the shared log (same ids, same events), never asking the owner.
   */
  async followEvents(id: string, caller: Caller, after: number | undefined): Promise<EventSource> {
    const logs = this.deps.sharedEvents;
    if (!logs || this.runsHere(id)) {
      const live = this.get(id, caller);
      return replayThenFollow(live, after ?? live.events.lastId);
    }
    await this.storedRecord(logs, id, caller);
    return replayThenTail(logs, id, after ?? (await logs.lastId(id)));
  }

  /** The session's history folded into turns (from the shared log when another replica runs it). */
  async conversation(id: string, caller: Caller): Promise<ConversationBuilder> {
    const logs = this.deps.sharedEvents;
    if (!logs || this.runsHere(id)) return readConversation(this.get(id, caller).log);
    await this.storedRecord(logs, id, caller);
    return readConversation({ read: (after) => logs.read(id, after) });
  }

  private runsHere(id: string): boolean {
    return isSessionId(id) && this.sessions.has(id);
  }

  // The same answer as get() for what the caller may not see: the record in the shared store.
  private async storedRecord(logs: SharedEventLogs, id: string, caller: Caller): Promise<SessionRecord> {
    const record = isSessionId(id) ? await logs.record(id) : null;
    if (!record || !canSee(caller, record.owner)) throw new ApiError('SESSION_NOT_FOUND', 'no such session');
    return record;
  }

  list(caller: Caller, limit: number, cursor?: string): Page<LiveSession> {
    // In (createdAt, id) order, which a cursor names a place in. What canSee allows: an admin
    // every session, anyone else their own.
    const all = this.sessions.inOrder(caller.admin ? undefined : caller.owner);
    let start = 0;
    if (cursor) {
      const after = decodeCursor(cursor);
      start = firstAfter(all, after.createdAt, after.id);
    }
    const items = all.slice(start, start + limit);
    const last = items.at(-1);
    const more = start + limit < all.length;
    return { items, nextCursor: more && last ? encodeCursor(last.record.createdAt, last.record.id) : null };
  }

  /** A page of sessions as listings show them: from the shared registry in shared mode. */
  async listSnapshots(caller: Caller, limit: number, cursor?: string): Promise<Page<SessionSnapshot>> {
    if (!this.deps.shared) {
      const page = this.list(caller, limit, cursor);
      return { items: page.items.map(snapshotOf), nextCursor: page.nextCursor };
    }
    const after = cursor ? decodeCursor(cursor) : undefined;
    const { records, more } = await this.deps.shared.list(caller.admin ? undefined : caller.owner, limit, after);
    // What this replica runs it knows better than the stored record.
    const items = records.map((r) => {
      const live = this.sessions.get(r.id);
      return live ? snapshotOf(live) : snapshotOfRecord(r);
    });
    const last = items.at(-1);
    return { items, nextCursor: more && last ? encodeCursor(last.record.createdAt, last.record.id) : null };
  }

  /** Which of these sessions exist (shared mode: on any replica). */
  async existing(ids: readonly string[]): Promise<boolean[]> {
    if (!this.deps.shared) return ids.map((id) => this.sessions.has(id));
    return this.deps.shared.exist(ids);
  }

  /** Whether this replica runs the session now. */
  owns(id: string): boolean {
    return this.sessions.has(id);
  }

  /**
   * Shared mode: takes over a session whose owner is gone (this replica holds its lease now),
   * as a restart takes over its own: an interrupted turn is recorded so, orphans are killed.
   */
  async adopt(record: SessionRecord): Promise<{ interrupted: boolean }> {
    if (this.sessions.has(record.id)) return { interrupted: false };
    const live = await openLiveSession(record, this.deps.history);
    const recovered = await recoverRecord(live, this.deps.logger, this.deps.config.killGraceMs);
    this.sessions.set(record.id, live);
    this.deps.store.save(record);
    this.deps.logger.info({ sessionId: record.id, interruptedTurn: recovered.interrupted }, 'session adopted');
    return { interrupted: recovered.interrupted };
  }

  /**
   * Shared mode: another replica took the session over (this one was paused or cut off past its
   * lease). Its turn here is killed and nothing of it is written any more; the record stays.
   */
  async evict(id: string): Promise<void> {
    const live = this.sessions.get(id);
    if (!live) return;
    this.sessions.delete(id);
    if (live.turn) {
      const turn = live.turn;
      turn.kill();
      await turn.done.catch(() => undefined);
    }
    await this.deps.turnDeps.warmPool.discard(id);
    live.events.closeAll();
    this.deps.logger.warn({ sessionId: id }, 'session taken over by another replica: dropped here');
  }

  /** Ids of the sessions this replica runs (shared mode: their leases are renewed). */
  ownedIds(): string[] {
    return [...this.sessions.keys()];
  }

  async delete(id: string, caller: Caller, opts: { keepWorkspace: boolean }): Promise<void> {
    const live = this.get(id, caller);
    this.sessions.delete(id);
    if (live.turn) {
      const turn = live.turn;
      turn.cancel();
      await turn.done;
    }
    await this.deps.turnDeps.warmPool.settle(id);
    live.events.closeAll();
    await this.deps.store.remove(id);
    await live.log.destroy();
    this.deps.revokeGatewayToken(id);
    if (!opts.keepWorkspace) {
      await this.deps.workspaces.remove(id);
      await this.deps.sessionDirs.remove(id);
      // Transcripts a session wrote before it had a config dir of its own.
      await removeTranscripts(this.deps.config.claudeConfigDir, live.record.workspace);
    }
    this.deps.logger.info({ sessionId: id, keepWorkspace: opts.keepWorkspace }, 'session deleted');
  }

  startTurn(id: string, caller: Caller, req: TurnRequest): ActiveTurn {
    this.refuseWhenShuttingDown();
    const live = this.get(id, caller);
    if (live.turn) throw new ApiError('SESSION_BUSY', `session is ${live.turn.phase}: one turn at a time`);
    this.refuseUnconfined({ ...live.record.options, ...(req.permissionPolicy ? { permissionPolicy: req.permissionPolicy } : {}) });
    if (live.fileWrites > 0) throw new ApiError('SESSION_BUSY', 'files are being written to the workspace through the API');
    const { queue } = this.deps.turnDeps;
    if (queue.active >= this.deps.config.maxConcurrentTurns && queue.queued >= this.deps.config.maxQueuedTurns) {
      throw new ApiError('QUEUE_FULL', `${queue.queued} turns are already waiting for a free slot`);
    }
    const budget = budgetForTurn(live.record, this.deps.usage?.ledger ?? null, this.deps.usage?.keyBudget ?? null);
    live.record.lastActivityAt = Date.now();
    const turn = new ActiveTurn(live, { ...req, budget }, this.deps.turnDeps);
    live.turn = turn;
    return turn;
  }

  listPermissions(id: string, caller: Caller) {
    return this.get(id, caller).turn?.pendingPermissions() ?? [];
  }

  answerPermission(id: string, caller: Caller, requestId: string, answer: PermissionAnswer): void {
    const turn = this.get(id, caller).turn;
    if (!turn) throw new ApiError('PERMISSION_NOT_FOUND', 'no pending permission request with this id');
    turn.answerPermission(requestId, answer);
  }

  /** Names the session (null: no name); the running turn, if any, is not concerned. */
  rename(id: string, caller: Caller, name: string | null): LiveSession {
    const live = this.get(id, caller);
    live.record.name = name;
    this.deps.store.save(live.record);
    return live;
  }

  /** Sets the mode of later turns, and of the running one when its CLI still listens. */
  setPermissionMode(id: string, caller: Caller, mode: PermissionMode): { appliedToRunningTurn: boolean } {
    const live = this.get(id, caller);
    this.refuseUnconfined({ ...live.record.options, permissionMode: mode });
    live.record.options.permissionMode = mode;
    this.deps.store.save(live.record);
    return { appliedToRunningTurn: live.turn?.setPermissionMode(mode) ?? false };
  }

  /** The gateway asks before each model request: why it must not go out (spend cap reached), or null. */
  modelRequestRefusal(sessionId: string): string | null {
    return this.sessions.get(sessionId)?.turn?.modelRequestRefusal() ?? null;
  }

  /** A reply starting with this input usage would pass the turn's spend cap: the gateway cuts it. */
  replyOverBudget(sessionId: string, usage: RequestUsage): boolean {
    return this.sessions.get(sessionId)?.turn?.stopsAtModelSpend(requestCostUsd(usage)) ?? false;
  }

  /** The gateway refused a model request of this session: the service has no credential. */
  noteNoCredential(sessionId: string): void {
    this.sessions.get(sessionId)?.turn?.noteNoCredential();
  }

  /** The gateway saw a model request of this session finish with this usage. */
  noteModelUsage(sessionId: string, usage: RequestUsage): void {
    this.sessions.get(sessionId)?.turn?.addModelSpend(requestCostUsd(usage));
  }

  /** Domains the session's sandbox may reach: the operator's and the session's own. */
  allowedDomains(sessionId: string): readonly string[] {
    return domainsFor(this.deps.turnDeps.allowDomains, this.sessions.get(sessionId)?.record.options.allowedDomains);
  }

  /** Marks a file write under way (refusing new turns) until the returned release is called. */
  holdWorkspace(live: LiveSession): () => void {
    live.fileWrites++;
    live.snapshot = null; // the next turn scans afresh what the API changed
    let released = false;
    return () => {
      if (!released) live.fileWrites--;
      released = true;
    };
  }

  interrupt(id: string, caller: Caller): ActiveTurn {
    const live = this.get(id, caller);
    if (!live.turn) throw new ApiError('NO_ACTIVE_TURN', 'the session has no running turn');
    live.turn.interrupt();
    return live.turn;
  }

  /** Removes sessions idle past the TTL; a session with a turn is never expired. */
  async sweepExpired(now = Date.now()): Promise<string[]> {
    const expired = [...this.sessions.values()].filter(
      (s) => !s.turn && s.record.lastActivityAt + this.deps.config.sessionTtlMs <= now,
    );
    for (const s of expired) {
      this.deps.logger.info({ sessionId: s.record.id }, 'session expired');
      await this.delete(s.record.id, SYSTEM, { keepWorkspace: this.deps.config.keepExpiredWorkspaces }).catch(() => {});
    }
    return expired.map((s) => s.record.id);
  }

  stats() {
    let active = 0;
    let liveProcesses = 0;
    const byStatus: Record<SessionStatus, number> = { idle: 0, queued: 0, running: 0, waiting_permission: 0 };
    for (const s of this.sessions.values()) {
      if (s.turn) active++;
      // Spawned: a running turn's pid is recorded from spawn until the turn is finished.
      if (s.turn?.phase === 'running' && s.record.activeTurn?.pid != null) liveProcesses++;
      // A parked warm process is alive too (one running a turn is counted above).
      else if (s.record.warmProcess) liveProcesses++;
      byStatus[sessionStatus(s)]++;
    }
    const pool = this.deps.prestart;
    const prestart = { target: pool?.size ?? 0, ready: pool?.ready ?? 0, starting: pool?.starting ?? 0 };
    // Those still being launched are counted too: their spawn is under way.
    liveProcesses += prestart.ready + prestart.starting;
    const tailing = this.deps.sharedEvents?.tailing() ?? null;
    return { sessions: this.sessions.size, activeTurns: active, queuedTurns: this.deps.turnDeps.queue.queued, liveProcesses, byStatus, prestart, tailing };
  }

  /** Interrupts every turn, waits up to the grace period, then kills what remains. */
  async shutdown(graceMs: number): Promise<void> {
    this.shuttingDown = true;
    const turns = [...this.sessions.values()].flatMap((s) => (s.turn ? [s.turn] : []));
    for (const t of turns) t.interrupt('shutdown');
    const all = Promise.all(turns.map((t) => t.done));
    const timer = new Promise((r) => setTimeout(r, graceMs).unref());
    await Promise.race([all, timer]);
    for (const t of turns) t.kill();
    await all;
    await Promise.all([this.deps.turnDeps.warmPool.closeAll(), this.deps.prestart?.closeAll()]);
    for (const s of this.sessions.values()) {
      s.events.closeAll();
      await s.log.close();
    }
    await this.deps.store.flush();
  }

  /**
   * Loads every stored session. A turn that was running when the server died is recorded as
   * interrupted and what is left of its process tree is killed.
   */
  async restore(): Promise<RestoreReport> {
    const { records, corrupt } = await this.deps.store.loadAll();
    for (const c of corrupt) this.deps.logger.error({ sessionId: c.id, error: c.error }, 'session record unreadable: skipped');
    const report: RestoreReport = { loaded: 0, corrupt, interruptedTurns: 0, orphansKilled: 0 };
    records.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
    // Opened side by side (each is a few file round trips); listed in creation order all the same.
    const opened = await mapBounded(records, RESTORE_CONCURRENCY, async (record) => {
      if (record.workspace !== this.deps.workspaces.pathFor(record.id)) return null;
      await this.deps.workspaces.ensure(record.id);
      const live = await openLiveSession(record, this.deps.history);
      return { live, recovered: await recoverRecord(live, this.deps.logger, this.deps.config.killGraceMs) };
    });
    for (const [i, o] of opened.entries()) {
      const record = records[i]!;
      if (!o) {
        report.corrupt.push({ id: record.id, error: 'workspace is not under WORKSPACE_ROOT' });
        continue;
      }
      if (o.recovered.interrupted) {
        report.interruptedTurns++;
        report.orphansKilled += o.recovered.killed.length;
        this.deps.store.save(record);
      }
      this.sessions.set(record.id, o.live);
      report.loaded++;
    }
    await this.deps.store.flush();
    return report;
  }

  /** Records the session's parked warm process (or its end), so a restart can kill an orphan. */
  noteWarmProcess(sessionId: string, pid: number | null, pidStartTime: string | null): void {
    const live = this.sessions.get(sessionId);
    if (!live) return;
    const next = pid !== null && pidStartTime !== null ? { pid, pidStartTime } : null;
    const now = live.record.warmProcess;
    // A warm process parked again after a turn is the one already recorded: nothing to save.
    if (now?.pid === next?.pid && now?.pidStartTime === next?.pidStartTime) return;
    live.record.warmProcess = next;
    this.deps.store.save(live.record);
  }

  /**
   * MAX_SESSIONS overall and MAX_SESSIONS_PER_KEY per key, creates under way included. The last
   * fifth of MAX_SESSIONS is kept for keys below their fair share (MAX_SESSIONS ÷ configured keys),
   * so tenants that filled the server cannot lock a newcomer out. Without API keys every
   * caller is one tenant: MAX_SESSIONS is its only cap.
   */
  private admitSession(owner: string): void {
    const { config } = this.deps;
    const total = this.sessions.size + this.reserved.size;
    if (total >= config.maxSessions) throw new ApiError('SESSION_LIMIT', `the server holds its maximum of ${config.maxSessions} sessions`);
    if (config.auth.disabled) return;
    const mine = this.sessions.inOrder(owner).length + (this.reservedBy.get(owner) ?? 0);
    if (mine >= config.maxSessionsPerKey) throw new ApiError('SESSION_LIMIT', `this key holds its maximum of ${config.maxSessionsPerKey} sessions`);
    const reserve = Math.floor(config.maxSessions / 5);
    if (total < config.maxSessions - reserve) return;
    const fairShare = Math.ceil(config.maxSessions / Math.max(1, config.auth.keys.length));
    if (mine >= fairShare) {
      throw new ApiError('SESSION_LIMIT', `the server is nearly full (${total} of ${config.maxSessions}); the last sessions are kept for keys below their fair share of ${fairShare}`);
    }
  }

  // Without a sandbox in force, whatever can run a command can read every tenant's files.
  private refuseUnconfined(options: CliOptions): void {
    const reason = this.deps.unconfinedRefusal;
    if (reason && canRunCommands(options)) {
      throw new ApiError(
        'SANDBOX_UNAVAILABLE',
        `this server has no working sandbox (${reason}), so sessions that can run commands (Bash, bypassPermissions, or tools approved on request) are refused; the operator can install bubblewrap or set SANDBOX=none`,
      );
    }
  }

  private resumeContext(input: CreateSessionInput, id: string): ResumeContext {
    const caller = { owner: input.owner, admin: input.admin };
    return {
      // The host's own conversations (an admin's to hand out), then those of the caller's sessions.
      configDirs: (claudeSessionId: string) => [
        this.deps.config.claudeConfigDir,
        ...[...this.sessions.values()]
          .filter((s) => s.record.claudeSessionId === claudeSessionId && canSee(caller, s.record.owner))
          .map((s) => this.deps.sessionDirs.paths(s.record.id).configDir),
      ],
      targetConfigDir: this.deps.sessionDirs.paths(id).configDir,
      workspaceRoot: this.deps.config.workspaceRoot,
      importRoots: this.deps.config.resumeImportRoots,
      admin: input.admin,
      settleSession: (sid: string) => this.deps.turnDeps.warmPool.settle(sid),
      canSeeSession: (sid: string) => {
        const s = this.sessions.get(sid);
        return s !== undefined && canSee(caller, s.record.owner);
      },
    };
  }

  private refuseWhenShuttingDown(): void {
    if (this.shuttingDown) throw new ApiError('SHUTTING_DOWN', 'the server is shutting down');
  }
}

// The service itself, for housekeeping such as expiry.
const SYSTEM: Caller = { owner: 'system', admin: true };

function encodeCursor(createdAt: number, id: string): string {
  return Buffer.from(`${createdAt}.${id}`).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: number; id: string } {
  const m = /^(\d{1,16})\.([0-9a-z]{1,64})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw new ApiError('VALIDATION_FAILED', 'invalid cursor', { fields: [{ path: 'cursor', message: 'not a cursor from this API' }] });
  return { createdAt: Number(m[1]), id: m[2]! };
}

/** Whether a session with these options could run a shell command (and so reach the host without a sandbox). */
export function canRunCommands(o: CliOptions): boolean {
  if (o.disallowedTools?.includes('Bash')) return false;
  if (o.permissionMode === 'bypassPermissions') return true;
  if (o.permissionPolicy === 'ask') return true;
  const approved = [...(o.allowedTools ?? []), ...(Array.isArray(o.permissionPolicy) ? o.permissionPolicy : [])];
  return approved.some((t) => t === 'Bash' || t.startsWith('Bash('));
}
