import type { OpenAPIRegistry, ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from '../../http/openapi/zod.js';
import type { ManagedAgentsSchemas } from './schemas.js';

// The OpenAPI description of src/compat/managed-agents/routes.ts. The contract is the Anthropic
// SDK's types (resources/beta); these schemas name the fields this server fills.

const AnthropicError = z
  .object({
    type: z.literal('error'),
    error: z.object({
      type: z.string().meta({ example: 'not_found_error' }),
      message: z.string(),
      code: z.string().meta({ description: 'Our stable error code (e.g. `SESSION_NOT_FOUND`).' }),
    }),
    request_id: z.string().nullable(),
  })
  .openapi('AnthropicError');

const Obj = z.record(z.string(), z.unknown());
const Agent = z
  .looseObject({ id: z.string(), type: z.literal('agent'), name: z.string(), model: z.object({ id: z.string() }), version: z.number(), system: z.string().nullable(), tools: z.array(Obj), mcp_servers: z.array(Obj) })
  .openapi('ManagedAgent');
const Environment = z.looseObject({ id: z.string(), type: z.literal('environment'), name: z.string(), config: Obj }).openapi('ManagedEnvironment');
const Session = z
  .looseObject({ id: z.string(), type: z.literal('session'), status: z.enum(['idle', 'running', 'terminated']), agent: Obj, environment_id: z.string(), usage: Obj })
  .openapi('ManagedSession');
const Event = z
  .looseObject({ id: z.string(), type: z.string().meta({ example: 'agent.message' }) })
  .openapi('ManagedEvent', { description: 'A Managed Agents event (BetaManagedAgentsSessionEvent in the SDK).' });
const page = (item: z.ZodType) => z.object({ data: z.array(item), next_page: z.string().nullable() });

const servers = [{ url: '/', description: 'The Managed Agents surface is served at /v1 (not under /api/v1)' }];
const MEANING: Record<number, string> = {
  400: 'invalid_request_error: a field is wrong, unknown or not supported here (the message names it).',
  401: 'authentication_error: missing or wrong API key (x-api-key or Authorization: Bearer).',
  403: 'permission_error: organization-wide environments are changed by admin keys only.',
  404: 'not_found_error: no such agent, environment, session or tool use (or another key\'s).',
  409: 'invalid_request_error: the session is running (or awaits a confirmation), or `version` is stale.',
  429: 'rate_limit_error: rate limit, session limit or queue full.',
  500: 'api_error: internal error.',
  503: 'overloaded_error: shutting down, or no sandbox for a session that could run commands.',
};
function replies(ok: ResponseConfig, ...statuses: number[]): Record<string, ResponseConfig> {
  const out: Record<string, ResponseConfig> = { 200: ok };
  for (const s of [401, 429, 500, ...statuses].sort()) out[String(s)] = { description: MEANING[s]!, content: { 'application/json': { schema: AnthropicError } } };
  return out;
}
const json = (schema: z.ZodType, description: string): ResponseConfig => ({ description, content: { 'application/json': { schema } } });

interface Op {
  method: 'get' | 'post' | 'delete';
  path: string;
  id: string;
  summary: string;
  description?: string;
  body?: z.ZodType;
  query?: z.ZodObject;
  ok: ResponseConfig;
  errors: number[];
}

export function registerManagedAgentsDocs(registry: OpenAPIRegistry, s: ManagedAgentsSchemas): void {
  const query = (schema: z.ZodObject) => schema.omit({ beta: true });
  const ops: Op[] = [
    { method: 'post', path: '/v1/agents', id: 'maCreateAgent', summary: 'Create an agent', body: s.agentCreate, ok: json(Agent, 'The agent, version 1.'), errors: [400] },
    { method: 'get', path: '/v1/agents', id: 'maListAgents', summary: 'List agents', query: query(s.listQuery), ok: json(page(Agent), 'Newest first.'), errors: [400] },
    { method: 'get', path: '/v1/agents/{agentId}', id: 'maRetrieveAgent', summary: 'Retrieve an agent (`version` for an older one)', query: query(s.agentRetrieveQuery), ok: json(Agent, 'The agent.'), errors: [400, 404] },
    {
      method: 'post',
      path: '/v1/agents/{agentId}',
      id: 'maUpdateAgent',
      summary: 'Update an agent (a new version)',
      description: 'An update that changes nothing makes no version; `version` other than the current one answers 409. Sessions keep the version they started with.',
      body: s.agentUpdate,
      ok: json(Agent, 'The agent at its new version.'),
      errors: [400, 404, 409],
    },
    { method: 'post', path: '/v1/agents/{agentId}/archive', id: 'maArchiveAgent', summary: 'Archive an agent', ok: json(Agent, 'Archived: no new sessions use it.'), errors: [404] },
    { method: 'get', path: '/v1/agents/{agentId}/versions', id: 'maListAgentVersions', summary: 'List an agent\'s versions', query: query(s.listQuery), ok: json(page(Agent), 'Newest first.'), errors: [400, 404] },
    {
      method: 'post',
      path: '/v1/environments',
      id: 'maCreateEnvironment',
      summary: 'Create an environment',
      description: '`cloud` networking `limited` → the sandbox may reach `allowed_hosts` (within SANDBOX_SESSION_DOMAINS); `unrestricted` → the operator\'s allow-list only. Packages cannot be installed; `scope: organization` needs an admin key.',
      body: s.environmentCreate,
      ok: json(Environment, 'The environment.'),
      errors: [400, 403],
    },
    { method: 'get', path: '/v1/environments', id: 'maListEnvironments', summary: 'List environments', query: query(s.listQuery), ok: json(page(Environment), 'Newest first.'), errors: [400] },
    { method: 'get', path: '/v1/environments/{envId}', id: 'maRetrieveEnvironment', summary: 'Retrieve an environment', ok: json(Environment, 'The environment.'), errors: [404] },
    { method: 'post', path: '/v1/environments/{envId}', id: 'maUpdateEnvironment', summary: 'Update an environment', body: s.environmentUpdate, ok: json(Environment, 'Updated (for sessions created from now on).'), errors: [400, 403, 404] },
    { method: 'delete', path: '/v1/environments/{envId}', id: 'maDeleteEnvironment', summary: 'Delete an environment', ok: json(z.object({ id: z.string(), type: z.literal('environment_deleted') }), 'Deleted.'), errors: [403, 404] },
    { method: 'post', path: '/v1/environments/{envId}/archive', id: 'maArchiveEnvironment', summary: 'Archive an environment', ok: json(Environment, 'Archived.'), errors: [403, 404] },
    {
      method: 'post',
      path: '/v1/sessions',
      id: 'maCreateSession',
      summary: 'Create a session',
      description: 'One of our sessions (same id, workspace and files API under /api/v1/sessions/{id}), running the agent\'s version with the environment\'s network allow-list. `budget` becomes the session\'s spend cap.',
      body: s.sessionCreate,
      ok: json(Session, 'The session.'),
      errors: [400, 404, 503],
    },
    { method: 'get', path: '/v1/sessions', id: 'maListSessions', summary: 'List sessions', query: query(s.sessionListQuery), ok: json(page(Session).extend({ prev_page: z.null() }), 'Newest first unless `order=asc`.'), errors: [400] },
    { method: 'get', path: '/v1/sessions/{id}', id: 'maRetrieveSession', summary: 'Retrieve a session', ok: json(Session, 'The session.'), errors: [404] },
    { method: 'post', path: '/v1/sessions/{id}', id: 'maUpdateSession', summary: 'Update a session\'s title and metadata', body: s.sessionUpdate, ok: json(Session, 'The session.'), errors: [400, 404] },
    { method: 'delete', path: '/v1/sessions/{id}', id: 'maDeleteSession', summary: 'Delete a session (its workspace too)', ok: json(z.object({ id: z.string(), type: z.literal('session_deleted') }), 'Deleted.'), errors: [404] },
    { method: 'post', path: '/v1/sessions/{id}/archive', id: 'maArchiveSession', summary: 'Archive a session (status terminated; no more events)', ok: json(Session, 'Archived.'), errors: [404, 409] },
    {
      method: 'post',
      path: '/v1/sessions/{id}/events',
      id: 'maSendEvents',
      summary: 'Send events: user.message, user.interrupt, user.tool_confirmation',
      description: 'A user.message starts a turn (text content only; one per request; 409 while the session runs). A tool_confirmation answers the tool use named by `tool_use_id` (the agent.tool_use event id). The reply echoes the events with the ids they have in the history.',
      body: s.eventsSend,
      ok: json(z.object({ data: z.array(Event) }), 'The events as recorded.'),
      errors: [400, 404, 409],
    },
    {
      method: 'get',
      path: '/v1/sessions/{id}/events',
      id: 'maListEvents',
      summary: 'List the session\'s events',
      description: 'The history as Managed Agents events, through the same translator as the stream: the ids match.',
      query: query(s.eventListQuery),
      ok: json(page(Event), 'Oldest first unless `order=desc`.'),
      errors: [400, 404],
    },
    {
      method: 'get',
      path: '/v1/sessions/{id}/events/stream',
      id: 'maStreamEvents',
      summary: 'Stream the session\'s events (SSE)',
      description:
        '`event: <type>`, `id: <position>`, JSON `data`. From now on; with `Last-Event-ID`, everything after that position first. `event_deltas=agent.message` adds `event_start` / `event_delta` previews. Stays open across turns.',
      query: query(s.eventStreamQuery),
      ok: { description: 'Server-Sent Events.', content: { 'text/event-stream': { schema: z.string() } } },
      errors: [400, 404],
    },
  ];
  for (const op of ops) {
    const names = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    registry.registerPath({
      method: op.method,
      path: op.path,
      operationId: op.id,
      tags: ['Managed Agents'],
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      servers,
      request: {
        ...(names.length ? { params: z.object(Object.fromEntries(names.map((n) => [n, z.string()]))) } : {}),
        ...(op.query ? { query: op.query } : {}),
        ...(op.body ? { body: { required: true, content: { 'application/json': { schema: op.body } } } } : {}),
      },
      responses: replies(op.ok, ...op.errors),
    });
  }
}
