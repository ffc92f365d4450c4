import type { CliOptions } from '../../cli/args.js';
import type { Config } from '../../config.js';
import type { AgentVersion, EnvironmentRecord, StoredToolset } from './store.js';
import { TOOLSET_TOOLS, type ModelParam, type ToolParams, type ToolsetToolName } from './schemas.js';

// An agent's definition (and its environment) → the options of the session's CLI.

type Policy = 'always_allow' | 'always_ask';
// `auto` asks a model to judge each call; here the client judges it, as with always_ask.
const policyOf = (p: { type: string } | null | undefined, fallback: Policy): Policy => (!p ? fallback : p.type === 'always_allow' ? 'always_allow' : 'always_ask');

export const modelIdOf = (m: ModelParam): string => (typeof m === 'string' ? m : m.id);

/** The tools as stored (and shown): every toolset tool listed with its resolved settings. */
export function normalizeTools(tools: ReadonlyArray<ToolParams | { type: string }>): StoredToolset[] {
  // Other tool types never pass the request schema.
  const known = tools.filter((t): t is ToolParams => t.type === 'agent_toolset_20260401' || t.type === 'mcp_toolset');
  return known.map((t): StoredToolset => {
    if (t.type === 'agent_toolset_20260401') {
      const def = { enabled: t.default_config?.enabled ?? true, permission_policy: policyOf(t.default_config?.permission_policy, 'always_allow') };
      const given = new Map((t.configs ?? []).map((c) => [c.name, c]));
      return {
        type: t.type,
        default_config: def,
        configs: (Object.keys(TOOLSET_TOOLS) as ToolsetToolName[]).map((name) => {
          const c = given.get(name);
          return { name, enabled: c?.enabled ?? def.enabled, permission_policy: policyOf(c?.permission_policy, def.permission_policy) };
        }),
      };
    }
    // MCP tools ask by default: they reach outside the session.
    const def = { enabled: t.default_config?.enabled ?? true, permission_policy: policyOf(t.default_config?.permission_policy, 'always_ask') };
    return {
      type: t.type,
      mcp_server_name: t.mcp_server_name,
      default_config: def,
      configs: (t.configs ?? []).map((c) => ({ name: c.name, enabled: c.enabled ?? def.enabled, permission_policy: policyOf(c.permission_policy, def.permission_policy) })),
    };
  });
}

export interface SessionLimits {
  maxBudgetUsd?: number;
}

export function cliOptionsFor(agent: AgentVersion, env: EnvironmentRecord, config: Config, limits: SessionLimits): CliOptions {
  const allowed: string[] = [];
  const disallowed: string[] = [];
  let asks = false;
  const toolset = agent.tools.find((t) => t.type === 'agent_toolset_20260401');
  for (const name of Object.keys(TOOLSET_TOOLS) as ToolsetToolName[]) {
    const tool = TOOLSET_TOOLS[name];
    const c = toolset?.configs.find((x) => x.name === name);
    // No toolset: the agent has none of its tools.
    if (!c || !c.enabled) disallowed.push(tool);
    else if (c.permission_policy === 'always_allow') allowed.push(tool);
    else asks = true;
  }
  for (const t of agent.tools) {
    if (t.type !== 'mcp_toolset') continue;
    const prefix = `mcp__${t.mcp_server_name}`;
    for (const c of t.configs) {
      if (!c.enabled) disallowed.push(`${prefix}__${c.name}`);
      else if (c.permission_policy === 'always_allow') allowed.push(`${prefix}__${c.name}`);
      else asks = true;
    }
    if (!t.default_config.enabled) disallowed.push(prefix);
    else if (t.default_config.permission_policy === 'always_allow') allowed.push(prefix);
    else asks = true;
  }
  const mcp = Object.fromEntries(agent.mcp_servers.map((s) => [s.name, { type: 'http' as const, url: s.url }]));
  const net = env.config.type === 'cloud' ? env.config.networking : null;
  const domains = net?.type === 'limited' ? [...new Set(net.allowed_hosts)] : [];
  return {
    model: agent.model,
    // Tools run by the agent's own policies: nothing is allowed by a mode behind their back.
    permissionMode: 'default',
    ...(allowed.length ? { allowedTools: allowed } : {}),
    ...(disallowed.length ? { disallowedTools: disallowed } : {}),
    permissionPolicy: asks ? 'ask' : 'deny',
    ...(agent.system ? { appendSystemPrompt: agent.system } : {}),
    ...(limits.maxBudgetUsd !== undefined ? { maxBudgetUsd: limits.maxBudgetUsd } : {}),
    processMode: config.processMode,
    ...(domains.length ? { allowedDomains: domains } : {}),
    ...(Object.keys(mcp).length ? { mcpServers: mcp } : {}),
  };
}
