import type { SessionSnapshot } from '../../sessions/session.js';
import type { AgentRecord, AgentVersion, EnvironmentRecord, SessionMeta, StoredToolset } from './store.js';

// Our records in the SDK's response shapes (BetaManagedAgentsAgent, BetaEnvironment, BetaManagedAgentsSession).

function toolView(t: StoredToolset) {
  const policy = (p: string) => ({ type: p });
  if (t.type === 'agent_toolset_20260401') {
    return {
      type: t.type,
      default_config: { enabled: t.default_config.enabled, permission_policy: policy(t.default_config.permission_policy) },
      configs: t.configs.map((c) => ({ name: c.name, type: c.name, enabled: c.enabled, permission_policy: policy(c.permission_policy) })),
    };
  }
  return {
    type: t.type,
    mcp_server_name: t.mcp_server_name,
    default_config: { enabled: t.default_config.enabled, permission_policy: policy(t.default_config.permission_policy) },
    configs: t.configs.map((c) => ({ name: c.name, enabled: c.enabled, permission_policy: policy(c.permission_policy) })),
  };
}

function agentBody(id: string, v: AgentVersion) {
  return {
    id,
    name: v.name,
    description: v.description,
    model: { id: v.model },
    system: v.system,
    tools: v.tools.map(toolView),
    mcp_servers: v.mcp_servers,
    skills: [] as never[],
    execution_identity: { type: 'service_account' as const },
    version: v.version,
  };
}

export function agentView(a: AgentRecord, v: AgentVersion = a.versions.at(-1)!) {
  return { ...agentBody(a.id, v), type: 'agent' as const, metadata: v.metadata, created_at: a.created_at, updated_at: v.updated_at, archived_at: a.archived_at };
}

export function environmentView(e: EnvironmentRecord) {
  const config =
    e.config.type === 'self_hosted'
      ? e.config
      : {
          type: 'cloud' as const,
          networking: e.config.networking,
          packages: { type: 'packages' as const, apt: [], cargo: [], gem: [], go: [], npm: [], pip: [] },
        };
  return {
    id: e.id,
    type: 'environment' as const,
    name: e.name,
    description: e.description,
    config,
    metadata: e.metadata,
    scope: e.scope,
    created_at: e.created_at,
    updated_at: e.updated_at,
    archived_at: e.archived_at,
  };
}

export type ManagedStatus = 'idle' | 'running' | 'terminated';

/** Waiting on a tool confirmation is `idle` (stop_reason requires_action), as in Managed Agents. */
export function managedStatus(snap: SessionSnapshot, meta: SessionMeta): ManagedStatus {
  if (meta.archived_at) return 'terminated';
  const s = snap.status;
  return s === 'idle' || s === 'waiting_permission' ? 'idle' : 'running';
}

export function sessionView(snap: SessionSnapshot, meta: SessionMeta) {
  const r = snap.record;
  const t = r.totals;
  return {
    id: r.id,
    type: 'session' as const,
    status: managedStatus(snap, meta),
    title: meta.title,
    agent: { ...agentBody(meta.agent.id, meta.agent.version), type: 'agent' as const, multiagent: null },
    environment_id: meta.environment_id,
    metadata: meta.metadata,
    budget:
      r.options.maxBudgetUsd !== undefined
        ? { type: 'limit' as const, max_list_cost: { amount: String(Math.round(r.options.maxBudgetUsd * 100)), currency: 'USD' as const } }
        : null,
    resources: [] as never[],
    vault_ids: [] as never[],
    outcome_evaluations: [] as never[],
    stats: {},
    usage: {
      input_tokens: t.inputTokens,
      output_tokens: t.outputTokens,
      cache_read_input_tokens: t.cacheReadInputTokens,
      cache_creation: { ephemeral_5m_input_tokens: t.cacheCreationInputTokens },
    },
    created_at: new Date(r.createdAt).toISOString(),
    updated_at: meta.updated_at,
    archived_at: meta.archived_at,
  };
}
