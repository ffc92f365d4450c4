import { z } from 'zod';
import { DOMAIN, isModelName, MODEL_ALIASES, type Config } from '../../config.js';
import { domainRequestAllowed } from '../../gateway/egress-policy.js';

// Request schemas of the Managed Agents surface, after the SDK's `*Params` types
// (@anthropic-ai/sdk resources/beta). Strict: a field we cannot honour is a 400 that names it,
// never silently dropped.

/** The agent toolset's tools, by their Managed Agents name → the Claude Code tool. */
export const TOOLSET_TOOLS = {
  bash: 'Bash',
  edit: 'Edit',
  read: 'Read',
  write: 'Write',
  glob: 'Glob',
  grep: 'Grep',
  web_fetch: 'WebFetch',
  web_search: 'WebSearch',
} as const;
export type ToolsetToolName = keyof typeof TOOLSET_TOOLS;
const toolNames = Object.keys(TOOLSET_TOOLS) as [ToolsetToolName, ...ToolsetToolName[]];

const Metadata = z
  .record(z.string().min(1).max(64), z.string().max(512))
  .refine((m) => Object.keys(m).length <= 16, 'at most 16 metadata keys');
const MetadataPatch = z
  .record(z.string().min(1).max(64), z.string().max(512).nullable())
  .refine((m) => Object.keys(m).length <= 16, 'at most 16 metadata keys');

const Policy = z
  .strictObject({ type: z.enum(['always_allow', 'always_ask', 'auto']) })
  .meta({ description: '`auto` (model-evaluated) is served as `always_ask`: the client decides.' });
const DefaultConfig = z.strictObject({ enabled: z.boolean().nullable().optional(), permission_policy: Policy.nullable().optional() });

const ToolsetParams = z.strictObject({
  type: z.literal('agent_toolset_20260401'),
  default_config: DefaultConfig.nullable().optional(),
  configs: z
    .array(
      z.strictObject({
        name: z.enum(toolNames),
        type: z.enum(toolNames).optional(),
        enabled: z.boolean().nullable().optional(),
        permission_policy: Policy.nullable().optional(),
      }),
    )
    .max(toolNames.length)
    .optional(),
});
const McpToolsetParams = z.strictObject({
  type: z.literal('mcp_toolset'),
  mcp_server_name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an MCP server name of letters, digits, _ and -'),
  default_config: DefaultConfig.nullable().optional(),
  configs: z
    .array(
      z.strictObject({
        name: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/),
        enabled: z.boolean().nullable().optional(),
        permission_policy: Policy.nullable().optional(),
      }),
    )
    .max(200)
    .optional(),
});
const ToolParams = byType(
  { agent_toolset_20260401: ToolsetParams, mcp_toolset: McpToolsetParams },
  (t) => `tools of type ${t} are not supported: the agent runs Claude Code's own tools (agent_toolset_20260401) and MCP toolsets`,
);
export type ToolParams = z.infer<typeof ToolsetParams> | z.infer<typeof McpToolsetParams>;

const McpServer = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be letters, digits, _ and -'),
  type: z.literal('url'),
  url: z.url({ protocol: /^https?$/ }).max(2000),
});

/**
 * An object discriminated by `type`: parsed by the schema of its type, so a known type's errors
 * name its fields, and an unknown type gets `unsupported`'s message (a plain union says only "Invalid input").
 */
function byType<M extends Record<string, z.ZodType>>(schemas: M, unsupported: (type: string) => string) {
  return z.looseObject({ type: z.string() }).transform((value, ctx): z.output<M[keyof M]> => {
    const schema = Object.hasOwn(schemas, value.type) ? schemas[value.type] : undefined;
    if (!schema) {
      ctx.addIssue({ code: 'custom', message: unsupported(value.type.slice(0, 100)), path: ['type'] });
      return z.NEVER;
    }
    const r = schema.safeParse(value);
    if (!r.success) {
      for (const i of r.error.issues) ctx.addIssue({ code: 'custom', message: i.message, path: i.path });
      return z.NEVER;
    }
    return r.data as z.output<M[keyof M]>;
  });
}

const Empty = (what: string) => z.array(z.unknown()).max(0, `${what} are not supported by this server`);
const nullOnly = (what: string) => z.null({ error: `${what} is not supported by this server` });

export function makeManagedAgentsSchemas(config: Config) {
  const modelId = config.modelsRestricted
    ? z.string().refine((m) => config.models.includes(m), `must be one of ${config.models.join(', ')}`)
    : z.string().refine(isModelName, `must be a model alias (${MODEL_ALIASES.join(', ')}) or a Claude model id such as claude-sonnet-4-6`);
  const model = z.union([
    modelId,
    z.strictObject({ id: modelId, speed: z.literal('standard').nullable().optional() }),
  ]);
  const name = z.string().trim().min(1).max(256).refine((v) => !/\p{Cc}/u.test(v), 'must not contain control characters');
  const system = z.string().max(config.maxPromptChars);
  const tools = z.array(ToolParams).max(20);
  const mcpServers = z.array(McpServer).max(20).refine((l) => new Set(l.map((s) => s.name)).size === l.length, 'MCP server names must be unique');

  const agentCreate = z.strictObject({
    name,
    model,
    description: z.string().max(2048).nullable().optional(),
    system: system.nullable().optional(),
    tools: tools.optional(),
    mcp_servers: mcpServers.optional(),
    metadata: Metadata.optional(),
    skills: Empty('skills').optional(),
    execution_identity: nullOnly('execution_identity').optional(),
  });

  const agentUpdate = z.strictObject({
    version: z.number().int().min(1).optional().meta({ description: 'The version being updated: a newer one answers 409.' }),
    name: name.optional(),
    model: model.optional(),
    description: z.string().max(2048).nullable().optional(),
    system: system.nullable().optional(),
    tools: tools.nullable().optional(),
    mcp_servers: mcpServers.nullable().optional(),
    metadata: MetadataPatch.nullable().optional(),
    skills: Empty('skills').nullable().optional(),
    execution_identity: nullOnly('execution_identity').optional(),
  });

  const networking = z.union([
    z.strictObject({ type: z.literal('unrestricted') }),
    z.strictObject({
      type: z.literal('limited'),
      allowed_hosts: z
        .array(z.string().toLowerCase().regex(DOMAIN, 'must be a domain name or *.domain'))
        .max(100)
        .refine((list) => list.every((d) => domainRequestAllowed(d, config.sandbox.sessionDomains)), {
          message: config.sandbox.sessionDomains.length
            ? `every host must be covered by the server's SANDBOX_SESSION_DOMAINS (${config.sandbox.sessionDomains.join(', ')})`
            : 'this server lets no session add hosts (SANDBOX_SESSION_DOMAINS is empty)',
        })
        .nullable()
        .optional(),
      allow_mcp_servers: z.boolean().nullable().optional(),
      allow_package_managers: z.literal(false, { error: 'allow_package_managers is not supported: sessions cannot install packages' }).nullable().optional(),
    }),
  ]);
  const packages = z
    .strictObject({
      type: z.literal('packages').optional(),
      apt: Empty('packages').nullable().optional(),
      cargo: Empty('packages').nullable().optional(),
      gem: Empty('packages').nullable().optional(),
      go: Empty('packages').nullable().optional(),
      npm: Empty('packages').nullable().optional(),
      pip: Empty('packages').nullable().optional(),
    })
    .meta({ description: 'Only empty lists: sessions run on this host, which installs nothing.' });
  const environmentConfig = z.union([
    z.strictObject({ type: z.literal('cloud'), networking: networking.nullable().optional(), packages: packages.nullable().optional() }),
    z.strictObject({ type: z.literal('self_hosted') }),
  ]);

  const environmentCreate = z.strictObject({
    name,
    description: z.string().max(2048).nullable().optional(),
    config: environmentConfig.nullable().optional(),
    metadata: Metadata.optional(),
    scope: z.enum(['organization', 'account']).nullable().optional(),
  });
  const environmentUpdate = z.strictObject({
    name: name.nullable().optional(),
    description: z.string().max(2048).nullable().optional(),
    config: environmentConfig.nullable().optional(),
    metadata: MetadataPatch.optional(),
    scope: z.enum(['organization', 'account']).nullable().optional(),
  });

  const text = z.strictObject({ type: z.literal('text'), text: z.string() });
  const block = byType({ text }, (t) => `${t} content is not supported: the CLI takes text prompts here`);
  const userMessage = z.strictObject({ type: z.literal('user.message'), content: z.array(block).min(1).max(100) });
  const interrupt = z.strictObject({ type: z.literal('user.interrupt'), session_thread_id: z.null().optional() });
  const confirmation = z.strictObject({
    type: z.literal('user.tool_confirmation'),
    tool_use_id: z.string().min(1).max(200),
    result: z.enum(['allow', 'deny']),
    deny_message: z.string().max(10_000).nullable().optional(),
    session_thread_id: z.null().optional(),
  });
  const inputEvent = byType({ 'user.message': userMessage, 'user.interrupt': interrupt, 'user.tool_confirmation': confirmation }, (t) =>
    t === 'user.custom_tool_result' || t === 'user.tool_result'
      ? `${t} is not supported: the agent's tools run in the session, not in the client`
      : `${t} is not supported (supported: user.message, user.interrupt, user.tool_confirmation)`,
  ).meta({ description: 'One of `user.message` (text content), `user.interrupt`, `user.tool_confirmation`.' });
  const eventsSend = z.strictObject({ events: z.array(inputEvent).min(1).max(50) });

  const agentRef = z.union([
    z.string().min(1).max(100),
    z.strictObject({ type: z.literal('agent'), id: z.string().min(1).max(100), version: z.number().int().min(1).optional() }),
    z.strictObject({
      type: z.literal('agent_with_overrides'),
      id: z.string().min(1).max(100),
      version: z.number().int().min(1).optional(),
      model: model.optional(),
      system: system.nullable().optional(),
      tools: tools.optional(),
      mcp_servers: mcpServers.optional(),
      skills: Empty('skills').optional(),
    }),
  ]);
  const budget = z.strictObject({
    type: z.literal('limit'),
    max_list_cost: z.strictObject({ amount: z.string().regex(/^(0|[1-9]\d{0,11})$/, 'must be an integer amount of cents as a string'), currency: z.literal('USD') }),
  });
  const sessionCreate = z.strictObject({
    agent: agentRef,
    environment_id: z.string().min(1).max(100),
    title: z.string().max(500).nullable().optional(),
    metadata: Metadata.optional(),
    initial_events: z.array(userMessage).max(1, 'one initial user.message at most (a session runs one turn at a time)').optional(),
    budget: budget.optional(),
    resources: Empty('resources').optional(),
    vault_ids: Empty('vaults').optional(),
  });
  const sessionUpdate = z.strictObject({
    title: z.string().max(500).nullable().optional(),
    metadata: MetadataPatch.nullable().optional(),
    vault_ids: Empty('vaults').optional(),
  });

  // Query strings. `beta` (added by the SDK) is accepted and ignored.
  const limit = z.coerce.number().int().min(1).max(1000).optional();
  const page = z.string().min(1).max(200).optional();
  const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
  const beta = z.string().optional();
  const listQuery = z.strictObject({ limit, page, include_archived: bool.optional(), beta });
  const sessionListQuery = z.strictObject({
    limit,
    page,
    include_archived: bool.optional(),
    agent_id: z.string().max(100).optional(),
    order: z.enum(['asc', 'desc']).optional(),
    statuses: z.array(z.enum(['rescheduling', 'running', 'idle', 'terminated'])).optional(),
    beta,
  });
  const eventListQuery = z.strictObject({ limit, page, order: z.enum(['asc', 'desc']).optional(), types: z.array(z.string().max(100)).max(50).optional(), beta });
  const eventStreamQuery = z.strictObject({ event_deltas: z.array(z.enum(['agent.message', 'agent.thinking'])).max(2).optional(), beta });
  const agentRetrieveQuery = z.strictObject({ version: z.coerce.number().int().min(1).optional(), beta });
  const plainQuery = z.strictObject({ beta });

  return {
    agentCreate,
    agentUpdate,
    environmentCreate,
    environmentUpdate,
    sessionCreate,
    sessionUpdate,
    eventsSend,
    listQuery,
    sessionListQuery,
    eventListQuery,
    eventStreamQuery,
    agentRetrieveQuery,
    plainQuery,
  };
}

export type ManagedAgentsSchemas = ReturnType<typeof makeManagedAgentsSchemas>;
export type AgentCreate = z.output<ManagedAgentsSchemas['agentCreate']>;
export type SessionCreate = z.output<ManagedAgentsSchemas['sessionCreate']>;
export type InputEvent = z.output<ManagedAgentsSchemas['eventsSend']>['events'][number];
export type ModelParam = AgentCreate['model'];
