import { describe, expect, it } from 'vitest';
import { buildCliArgs } from '../../cli/args.js';
import { loadConfig } from '../../config.js';
import { cliOptionsFor, normalizeTools } from './agent-options.js';
import type { AgentVersion, EnvironmentRecord } from './store.js';

// An agent's definition and environment → the CLI's options and flags.

const config = loadConfig({ HOME: '/nonexistent' });
const env = (networking: { type: 'unrestricted' } | { type: 'limited'; allowed_hosts: string[]; allow_mcp_servers: boolean; allow_package_managers: boolean }): EnvironmentRecord => ({
  id: 'env_000000000000000000000000',
  owner: 'a',
  name: 'e',
  description: null,
  config: { type: 'cloud', networking },
  metadata: {},
  scope: 'account',
  created_at: '',
  updated_at: '',
  archived_at: null,
});
const agent = (over: Partial<AgentVersion>): AgentVersion => ({ version: 1, name: 'a', description: null, model: 'sonnet', system: null, tools: [], mcp_servers: [], metadata: {}, updated_at: '', ...over });

describe('agent → CLI options', () => {
  it('no toolset: none of its tools; nothing asks', () => {
    const o = cliOptionsFor(agent({}), env({ type: 'unrestricted' }), config, {});
    expect(o.disallowedTools).toEqual(['Bash', 'Edit', 'Read', 'Write', 'Glob', 'Grep', 'WebFetch', 'WebSearch']);
    expect(o.allowedTools).toBeUndefined();
    expect(o.permissionPolicy).toBe('deny');
    expect(o.permissionMode).toBe('default');
  });

  it('toolset policies: always_allow → allowed, always_ask and auto → asked, disabled → disallowed', () => {
    const tools = normalizeTools([
      {
        type: 'agent_toolset_20260401',
        configs: [
          { name: 'write', permission_policy: { type: 'always_ask' } },
          { name: 'bash', permission_policy: { type: 'auto' } },
          { name: 'web_search', enabled: false },
        ],
      },
    ]);
    expect(tools[0]!.configs.find((c) => c.name === 'bash')!.permission_policy).toBe('always_ask');
    const o = cliOptionsFor(agent({ tools, system: 'be brief' }), env({ type: 'limited', allowed_hosts: ['api.example.com'], allow_mcp_servers: false, allow_package_managers: false }), config, { maxBudgetUsd: 2.5 });
    expect(o.allowedTools).toEqual(['Edit', 'Read', 'Glob', 'Grep', 'WebFetch']);
    expect(o.disallowedTools).toEqual(['WebSearch']);
    expect(o.permissionPolicy).toBe('ask');
    expect(o).toMatchObject({ appendSystemPrompt: 'be brief', maxBudgetUsd: 2.5, allowedDomains: ['api.example.com'] });
  });

  it('MCP servers reach the CLI as --mcp-config; MCP toolsets ask by default', () => {
    const tools = normalizeTools([{ type: 'mcp_toolset', mcp_server_name: 'docs', configs: [{ name: 'search', permission_policy: { type: 'always_allow' } }] }]);
    const o = cliOptionsFor(agent({ tools, mcp_servers: [{ name: 'docs', type: 'url', url: 'https://mcp.example.com/mcp' }] }), env({ type: 'unrestricted' }), config, {});
    expect(o.allowedTools).toEqual(['mcp__docs__search']);
    expect(o.permissionPolicy).toBe('ask');
    const args = buildCliArgs(o, { continueConversation: false, partialMessages: true });
    expect(args).toContain(`--mcp-config=${JSON.stringify({ mcpServers: { docs: { type: 'http', url: 'https://mcp.example.com/mcp' } } })}`);
  });
});
