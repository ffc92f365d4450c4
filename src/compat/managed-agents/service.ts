import { canSee, type Caller } from '../../auth/caller.js';
import type { Config } from '../../config.js';
import { ApiError } from '../../errors.js';
import type { SessionService } from '../../sessions/session-service.js';
import { snapshotOf, type LiveSession, type SessionSnapshot } from '../../sessions/session.js';
import { cliOptionsFor, modelIdOf, normalizeTools } from './agent-options.js';
import type { AgentCreate, InputEvent, ManagedAgentsSchemas, SessionCreate } from './schemas.js';
import { confirmationEventId, interruptEventId, userMessageEventId } from './translator.js';
import { newAgentId, newEnvironmentId, type AgentRecord, type AgentVersion, type EnvironmentConfig, type EnvironmentRecord, type ManagedAgentsStore, type SessionMeta } from './store.js';
import { agentView, environmentView, managedStatus, sessionView } from './views.js';
import type { z } from 'zod';

type S = ManagedAgentsSchemas;
type Out<K extends keyof S> = z.output<S[K]>;

export interface PageOf<T> {
  data: T[];
  next_page: string | null;
}

const SYSTEM: Caller = { owner: 'system', admin: true };
const now = () => new Date().toISOString();

/** Pages a list in a fixed order; the cursor is the last id handed out. */
function pageBy<T>(items: T[], idOf: (t: T) => string, limit: number, page?: string): { items: T[]; next: string | null } {
  let start = 0;
  if (page !== undefined) {
    const i = items.findIndex((t) => idOf(t) === page);
    if (i === -1) throw new ApiError('VALIDATION_FAILED', 'invalid page cursor', { fields: [{ path: 'page', message: 'not a cursor from this API' }] });
    start = i + 1;
  }
  const slice = items.slice(start, start + limit);
  return { items: slice, next: start + limit < items.length && slice.length ? idOf(slice.at(-1)!) : null };
}

function patchMetadata(base: Record<string, string>, patch: Record<string, string | null> | null | undefined): Record<string, string> {
  if (patch === null) return {};
  if (!patch) return base;
  const next = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete next[k];
    else next[k] = v;
  }
  if (Object.keys(next).length > 16) throw new ApiError('VALIDATION_FAILED', 'at most 16 metadata keys', { fields: [{ path: 'metadata', message: 'too many keys' }] });
  return next;
}

function environmentConfig(c: Out<'environmentCreate'>['config']): EnvironmentConfig {
  if (c?.type === 'self_hosted') return { type: 'self_hosted' };
  const net = c?.networking;
  if (!net || net.type === 'unrestricted') return { type: 'cloud', networking: { type: 'unrestricted' } };
  return {
    type: 'cloud',
    networking: { type: 'limited', allowed_hosts: [...new Set(net.allowed_hosts ?? [])], allow_mcp_servers: net.allow_mcp_servers ?? false, allow_package_managers: false },
  };
}

/** The Managed Agents resources over our sessions: agents and environments in the store, sessions in the SessionService. */
export class ManagedAgents {
  constructor(
    private readonly store: ManagedAgentsStore,
    private readonly sessions: SessionService,
    private readonly config: Config,
  ) {}

  // ---- agents

  async createAgent(caller: Caller, body: AgentCreate) {
    const at = now();
    const v: AgentVersion = {
      version: 1,
      name: body.name,
      description: body.description ?? null,
      model: modelIdOf(body.model),
      system: body.system ?? null,
      tools: normalizeTools(body.tools ?? []),
      mcp_servers: body.mcp_servers ?? [],
      metadata: body.metadata ?? {},
      updated_at: at,
    };
    const a: AgentRecord = { id: newAgentId(), owner: caller.owner, created_at: at, archived_at: null, versions: [v] };
    await this.store.addAgent(a);
    return agentView(a);
  }

  private async agent(caller: Caller, id: string): Promise<AgentRecord> {
    const a = await this.store.agent(id);
    if (!a || !canSee(caller, a.owner)) throw new ApiError('NOT_FOUND', `no agent ${id.slice(0, 100)}`);
    return a;
  }

  private version(a: AgentRecord, version?: number): AgentVersion {
    if (version === undefined) return a.versions.at(-1)!;
    const v = a.versions.find((x) => x.version === version);
    if (!v) throw new ApiError('NOT_FOUND', `agent ${a.id} has no version ${version}`);
    return v;
  }

  async retrieveAgent(caller: Caller, id: string, version?: number) {
    const a = await this.agent(caller, id);
    return agentView(a, this.version(a, version));
  }

  async updateAgent(caller: Caller, id: string, body: Out<'agentUpdate'>) {
    await this.agent(caller, id);
    // Checked against the agent as stored at the write: of two updates from one version, one wins (409 for the other).
    const a = await this.store.changeAgent(id, (a) => {
      if (a.archived_at) throw new ApiError('VALIDATION_FAILED', `agent ${id} is archived`);
      const cur = a.versions.at(-1)!;
      if (body.version !== undefined && body.version !== cur.version) {
        throw new ApiError('CONFLICT', `agent ${id} is at version ${cur.version}, not ${body.version}: retrieve it and apply the change again`);
      }
      const next: AgentVersion = {
        version: cur.version + 1,
        name: body.name ?? cur.name,
        description: body.description === undefined ? cur.description : body.description,
        model: body.model === undefined ? cur.model : modelIdOf(body.model),
        system: body.system === undefined ? cur.system : body.system,
        tools: body.tools === undefined ? cur.tools : normalizeTools(body.tools ?? []),
        mcp_servers: body.mcp_servers === undefined ? cur.mcp_servers : (body.mcp_servers ?? []),
        metadata: patchMetadata(cur.metadata, body.metadata),
        updated_at: now(),
      };
      const { version: _a, updated_at: _b, ...curRest } = cur;
      const { version: _c, updated_at: _d, ...nextRest } = next;
      // An update that changes nothing makes no version.
      if (JSON.stringify(curRest) === JSON.stringify(nextRest)) return null;
      a.versions.push(next);
      return a;
    });
    if (!a) throw new ApiError('NOT_FOUND', `no agent ${id.slice(0, 100)}`);
    return agentView(a);
  }

  async listAgents(caller: Caller, q: Out<'listQuery'>): Promise<PageOf<ReturnType<typeof agentView>>> {
    const all = (await this.store.agents())
      .filter((a) => canSee(caller, a.owner) && (q.include_archived || !a.archived_at))
      .sort((x, y) => (x.created_at < y.created_at ? 1 : x.created_at > y.created_at ? -1 : x.id < y.id ? 1 : -1));
    const p = pageBy(all, (a) => a.id, q.limit ?? 20, q.page);
    return { data: p.items.map((a) => agentView(a)), next_page: p.next };
  }

  async listAgentVersions(caller: Caller, id: string, q: Out<'listQuery'>): Promise<PageOf<ReturnType<typeof agentView>>> {
    const a = await this.agent(caller, id);
    const all = [...a.versions].reverse();
    const p = pageBy(all, (v) => String(v.version), q.limit ?? 20, q.page);
    return { data: p.items.map((v) => agentView(a, v)), next_page: p.next };
  }

  async archiveAgent(caller: Caller, id: string) {
    await this.agent(caller, id);
    const a = await this.store.changeAgent(id, (a) => (a.archived_at ? null : { ...a, archived_at: now() }));
    if (!a) throw new ApiError('NOT_FOUND', `no agent ${id.slice(0, 100)}`);
    return agentView(a);
  }

  // ---- environments

  async createEnvironment(caller: Caller, body: Out<'environmentCreate'>) {
    const scope = body.scope ?? 'account';
    if (scope === 'organization' && !caller.admin) throw new ApiError('FORBIDDEN', 'organization-wide environments are created by admin keys only');
    const at = now();
    const e: EnvironmentRecord = {
      id: newEnvironmentId(),
      owner: caller.owner,
      name: body.name,
      description: body.description ?? null,
      config: environmentConfig(body.config),
      metadata: body.metadata ?? {},
      scope,
      created_at: at,
      updated_at: at,
      archived_at: null,
    };
    await this.store.addEnvironment(e);
    return environmentView(e);
  }

  private async environment(caller: Caller, id: string, forChange = false): Promise<EnvironmentRecord> {
    const e = await this.store.environment(id);
    const visible = e && (e.scope === 'organization' || canSee(caller, e.owner));
    if (!e || !visible) throw new ApiError('NOT_FOUND', `no environment ${id.slice(0, 100)}`);
    if (forChange && !canSee(caller, e.owner) && !caller.admin) throw new ApiError('FORBIDDEN', 'organization-wide environments are changed by admin keys only');
    return e;
  }

  async retrieveEnvironment(caller: Caller, id: string) {
    return environmentView(await this.environment(caller, id));
  }

  async updateEnvironment(caller: Caller, id: string, body: Out<'environmentUpdate'>) {
    await this.environment(caller, id, true);
    if (body.scope === 'organization' && !caller.admin) throw new ApiError('FORBIDDEN', 'organization-wide environments are made by admin keys only');
    const e = await this.store.changeEnvironment(id, (e) => {
      if (e.archived_at) throw new ApiError('VALIDATION_FAILED', `environment ${id} is archived`);
      if (body.name) e.name = body.name;
      if (body.description !== undefined) e.description = body.description;
      if (body.config) e.config = environmentConfig(body.config);
      if (body.scope) e.scope = body.scope;
      e.metadata = patchMetadata(e.metadata, body.metadata);
      e.updated_at = now();
      return e;
    });
    if (!e) throw new ApiError('NOT_FOUND', `no environment ${id.slice(0, 100)}`);
    return environmentView(e);
  }

  async listEnvironments(caller: Caller, q: Out<'listQuery'>): Promise<PageOf<ReturnType<typeof environmentView>>> {
    const all = (await this.store.environments())
      .filter((e) => (e.scope === 'organization' || canSee(caller, e.owner)) && (q.include_archived || !e.archived_at))
      .sort((x, y) => (x.created_at < y.created_at ? 1 : x.created_at > y.created_at ? -1 : x.id < y.id ? 1 : -1));
    const p = pageBy(all, (e) => e.id, q.limit ?? 20, q.page);
    return { data: p.items.map(environmentView), next_page: p.next };
  }

  async deleteEnvironment(caller: Caller, id: string) {
    await this.environment(caller, id, true);
    await this.store.removeEnvironment(id);
    return { id, type: 'environment_deleted' as const };
  }

  async archiveEnvironment(caller: Caller, id: string) {
    await this.environment(caller, id, true);
    const e = await this.store.changeEnvironment(id, (e) => (e.archived_at ? null : { ...e, archived_at: now() }));
    if (!e) throw new ApiError('NOT_FOUND', `no environment ${id.slice(0, 100)}`);
    return environmentView(e);
  }

  // ---- sessions

  async createSession(caller: Caller, body: SessionCreate) {
    const ref = typeof body.agent === 'string' ? { type: 'agent' as const, id: body.agent } : body.agent;
    const a = await this.agent(caller, ref.id);
    if (a.archived_at) throw new ApiError('VALIDATION_FAILED', `agent ${a.id} is archived`);
    let v = this.version(a, ref.version);
    if (ref.type === 'agent_with_overrides') {
      v = {
        ...v,
        ...(ref.model !== undefined ? { model: modelIdOf(ref.model) } : {}),
        ...(ref.system !== undefined ? { system: ref.system } : {}),
        ...(ref.tools !== undefined ? { tools: normalizeTools(ref.tools) } : {}),
        ...(ref.mcp_servers !== undefined ? { mcp_servers: ref.mcp_servers } : {}),
      };
    }
    const env = await this.environment(caller, body.environment_id);
    if (env.archived_at) throw new ApiError('VALIDATION_FAILED', `environment ${env.id} is archived`);
    const firstPrompt = body.initial_events?.[0] ? this.promptOf(body.initial_events[0]) : null;
    const maxBudgetUsd = body.budget ? Number(body.budget.max_list_cost.amount) / 100 : undefined;
    if (maxBudgetUsd !== undefined && maxBudgetUsd <= 0) throw new ApiError('VALIDATION_FAILED', 'budget must be above zero');
    const title = body.title ?? null;
    const live = await this.sessions.create({
      owner: caller.owner,
      admin: caller.admin,
      ...(title && !/\p{Cc}/u.test(title) && title.trim() ? { name: title.trim().slice(0, 200) } : {}),
      options: cliOptionsFor(v, env, this.config, { maxBudgetUsd }),
    });
    const at = now();
    const meta: SessionMeta = { agent: { id: a.id, version: v }, environment_id: env.id, title, metadata: body.metadata ?? {}, updated_at: at, archived_at: null };
    try {
      await this.store.putSession(live.record.id, meta);
    } catch (err) {
      await this.sessions.delete(live.record.id, caller, { keepWorkspace: false }).catch(() => {});
      throw err;
    }
    if (firstPrompt !== null) {
      try {
        this.sessions.startTurn(live.record.id, caller, { prompt: firstPrompt, partialMessages: true });
      } catch (err) {
        // A refused first turn (queue full, shutting down) leaves no session behind.
        await this.sessions.delete(live.record.id, caller, { keepWorkspace: false }).catch(() => {});
        await this.store.removeSession(live.record.id).catch(() => {});
        throw err;
      }
    }
    return sessionView(snapshotOf(live), meta);
  }

  /** A session of this caller made through this surface (a native session is not one: 404). */
  async session(caller: Caller, id: string): Promise<{ live: LiveSession; meta: SessionMeta }> {
    const live = this.sessions.get(id, caller);
    const meta = await this.store.session(id);
    if (!meta) throw new ApiError('SESSION_NOT_FOUND', 'no such session');
    return { live, meta };
  }

  async retrieveSession(caller: Caller, id: string) {
    const { live, meta } = await this.session(caller, id);
    return sessionView(snapshotOf(live), meta);
  }

  async updateSession(caller: Caller, id: string, body: Out<'sessionUpdate'>) {
    const { live } = await this.session(caller, id);
    const meta = await this.store.changeSession(id, (meta) => {
      if (body.title !== undefined) meta.title = body.title;
      meta.metadata = patchMetadata(meta.metadata, body.metadata);
      meta.updated_at = now();
      return meta;
    });
    if (!meta) throw new ApiError('SESSION_NOT_FOUND', 'no such session');
    return sessionView(snapshotOf(live), meta);
  }

  /** Every replica's sessions in shared mode (their records and metadata are in Redis). */
  async listSessions(caller: Caller, q: Out<'sessionListQuery'>): Promise<PageOf<ReturnType<typeof sessionView>> & { prev_page: null }> {
    await this.store.prune((ids) => this.sessions.existing(ids));
    const mine: Array<{ snap: SessionSnapshot; meta: SessionMeta }> = [];
    let cursor: string | undefined;
    do {
      const page = await this.sessions.listSnapshots(caller, 200, cursor);
      const metas = await this.store.sessions(page.items.map((s) => s.record.id));
      for (const snap of page.items) {
        const meta = metas.get(snap.record.id);
        if (!meta) continue;
        if (!q.include_archived && meta.archived_at) continue;
        if (q.agent_id && meta.agent.id !== q.agent_id) continue;
        if (q.statuses?.length && !q.statuses.includes(managedStatus(snap, meta))) continue;
        mine.push({ snap, meta });
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    // The service lists oldest first; newest first unless asked.
    if ((q.order ?? 'desc') === 'desc') mine.reverse();
    const p = pageBy(mine, (s) => s.snap.record.id, q.limit ?? 20, q.page);
    return { data: p.items.map((s) => sessionView(s.snap, s.meta)), next_page: p.next, prev_page: null };
  }

  async deleteSession(caller: Caller, id: string) {
    await this.session(caller, id);
    await this.sessions.delete(id, caller, { keepWorkspace: false });
    await this.store.removeSession(id);
    return { id, type: 'session_deleted' as const };
  }

  async archiveSession(caller: Caller, id: string) {
    const { live } = await this.session(caller, id);
    if (live.turn) throw new ApiError('SESSION_BUSY', 'the session is running: interrupt it first');
    const meta = await this.store.changeSession(id, (meta) => ({ ...meta, archived_at: meta.archived_at ?? now(), updated_at: now() }));
    if (!meta) throw new ApiError('SESSION_NOT_FOUND', 'no such session');
    return sessionView(snapshotOf(live), meta);
  }

  // ---- events in

  /** Acts on sent events in order; the batch is checked first, so a refused batch changes nothing. */
  async sendEvents(caller: Caller, id: string, events: InputEvent[]) {
    const { live, meta } = await this.session(caller, id);
    if (meta.archived_at) throw new ApiError('VALIDATION_FAILED', 'the session is archived: it takes no more events');
    const messages = events.filter((e) => e.type === 'user.message');
    if (messages.length > 1) throw new ApiError('VALIDATION_FAILED', 'one user.message per request: a session runs one turn at a time');
    const prompts = messages.map((m) => this.promptOf(m));
    if (messages.length && live.turn) throw new ApiError('SESSION_BUSY', `the session is ${live.turn.waitingForPermission ? 'waiting for a tool confirmation' : 'running'}: send user.message when it is idle`);
    const confirmations = events.flatMap((e) => (e.type === 'user.tool_confirmation' ? [e] : []));
    const pending = this.sessions.listPermissions(id, caller);
    const requestFor = new Map(
      confirmations.map((c) => {
        const p = pending.find((x) => x.toolUseId === c.tool_use_id || x.requestId === c.tool_use_id);
        if (!p) throw new ApiError('PERMISSION_NOT_FOUND', `no tool use ${c.tool_use_id.slice(0, 100)} awaits confirmation`);
        return [c, p.requestId] as const;
      }),
    );
    const at = now();
    const echoed: Array<Record<string, unknown>> = [];
    for (const e of events) {
      if (e.type === 'user.message') {
        const before = live.events.lastId;
        this.sessions.startTurn(id, caller, { prompt: prompts[0]!, partialMessages: true });
        // The turn's first event (turn_started) is the one after `before`: its user.message has this id.
        echoed.push({ id: userMessageEventId(before + 1), type: e.type, content: e.content, processed_at: at });
      } else if (e.type === 'user.interrupt') {
        const turn = live.turn;
        if (turn) this.sessions.interrupt(id, caller);
        echoed.push({ id: interruptEventId(turn?.id ?? 'idle'), type: e.type, processed_at: at });
      } else if (e.type === 'user.tool_confirmation') {
        const requestId = requestFor.get(e)!;
        this.sessions.answerPermission(id, caller, requestId, { decision: e.result, ...(e.deny_message ? { message: e.deny_message } : {}) });
        echoed.push({ id: confirmationEventId(requestId), type: e.type, tool_use_id: e.tool_use_id, result: e.result, deny_message: e.deny_message ?? null, processed_at: at });
      }
    }
    await this.store.changeSession(id, (m) => ({ ...m, updated_at: at }));
    return { data: echoed };
  }

  private promptOf(m: { content: Array<{ type: string; text?: unknown }> }): string {
    const prompt = m.content.map((b) => (typeof b.text === 'string' ? b.text : '')).join('\n\n');
    if (!/\S/.test(prompt)) throw new ApiError('VALIDATION_FAILED', 'the user.message has no text', { fields: [{ path: 'content', message: 'empty' }] });
    if (prompt.length > this.config.maxPromptChars) throw new ApiError('VALIDATION_FAILED', `the user.message is over ${this.config.maxPromptChars} characters`);
    return prompt;
  }
}
