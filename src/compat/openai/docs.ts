import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from '../../http/openapi/zod.js';
import type { OpenAiSchemas } from './schemas.js';

// The OpenAPI description of src/compat/openai/routes.ts (full paths: these routes are not under /api/v1).

const OpenAiError = z
  .object({
    error: z.object({
      message: z.string(),
      type: z.string().meta({ example: 'invalid_request_error' }),
      param: z.string().nullable(),
      code: z.string().meta({ description: 'Our stable error code, lower-cased (e.g. `session_not_found`).' }),
    }),
  })
  .openapi('OpenAiError');

const Model = z.object({ id: z.string(), object: z.literal('model'), created: z.number(), owned_by: z.string() }).openapi('OpenAiModel');

const Usage = z.object({
  prompt_tokens: z.number(),
  completion_tokens: z.number(),
  total_tokens: z.number(),
  prompt_tokens_details: z.object({ cached_tokens: z.number() }),
});

const Completion = z
  .object({
    id: z.string().meta({ description: '`chatcmpl-<session id>-<turn id>`: pass it (or the session id) back as `session_id` to continue.' }),
    object: z.literal('chat.completion'),
    created: z.number(),
    model: z.string(),
    system_fingerprint: z.null(),
    choices: z.array(
      z.object({
        index: z.number(),
        message: z.object({ role: z.literal('assistant'), content: z.string(), refusal: z.null() }),
        logprobs: z.null(),
        finish_reason: z.enum(['stop', 'length']),
      }),
    ),
    usage: Usage,
  })
  .openapi('ChatCompletion');

const sessionHeader = { 'x-session-id': { description: 'The session this conversation runs in (also visible at /api/v1/sessions/{id}).', schema: { type: 'string' as const } } };
const servers = [{ url: '/', description: 'The OpenAI surface is served at /openai/v1 (not under /api/v1)' }];

function errors(...statuses: number[]) {
  const out: Record<string, { description: string; content: { 'application/json': { schema: typeof OpenAiError } } }> = {};
  const meaning: Record<number, string> = {
    400: 'Invalid body (unknown field, non-text content, OpenAI function tools, unknown model).',
    401: 'Missing or wrong API key.',
    404: 'No such session or model.',
    409: 'The session already runs a turn.',
    429: 'Rate limit, session limit or queue full.',
    500: 'Internal error.',
    502: 'The model call failed (CLI_FAILED).',
    503: 'Shutting down, or no sandbox for a session that could run commands.',
  };
  for (const s of statuses) out[String(s)] = { description: meaning[s] ?? 'Error.', content: { 'application/json': { schema: OpenAiError } } };
  return out;
}

export function registerOpenAiDocs(registry: OpenAPIRegistry, s: OpenAiSchemas): void {
  registry.registerPath({
    method: 'get',
    path: '/openai/v1/models',
    operationId: 'openaiListModels',
    tags: ['OpenAI'],
    summary: 'List models (OpenAI shape)',
    servers,
    responses: {
      200: { description: 'The models this server allows.', content: { 'application/json': { schema: z.object({ object: z.literal('list'), data: z.array(Model) }) } } },
      ...errors(401, 429),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/openai/v1/models/{model}',
    operationId: 'openaiRetrieveModel',
    tags: ['OpenAI'],
    summary: 'Retrieve a model (OpenAI shape)',
    servers,
    request: { params: z.object({ model: z.string() }) },
    responses: { 200: { description: 'The model.', content: { 'application/json': { schema: Model } } }, ...errors(401, 404, 429) },
  });
  registry.registerPath({
    method: 'post',
    path: '/openai/v1/chat/completions',
    operationId: 'openaiChatCompletion',
    tags: ['OpenAI'],
    summary: 'Chat completion: one turn of a Claude Code session',
    description:
      'A conversation is one session: `session_id` (extra body field; a session id or a completion id) continues it, else `user` names it, else a new session is made ' +
      '(its id in `x-session-id` and in the completion id). The last user message is the prompt; for a new session earlier messages are folded into it and ' +
      'system/developer messages become its appended system prompt. The tools the agent uses are Claude Code\'s own, not OpenAI function calls: `tools` is refused. ' +
      'With `stream: true`: `chat.completion.chunk` Server-Sent Events (role first, content deltas, `finish_reason`, a usage chunk with `stream_options.include_usage`), then `data: [DONE]`.',
    servers,
    request: { body: { required: true, content: { 'application/json': { schema: s.chatCompletion, example: { model: 'sonnet', messages: [{ role: 'user', content: 'List the files here' }] } } } } },
    responses: {
      200: {
        description: 'The completion (JSON), or its chunks (`text/event-stream`) when `stream` is true.',
        headers: sessionHeader,
        content: {
          'application/json': { schema: Completion },
          'text/event-stream': { schema: z.string().meta({ description: '`data: <chat.completion.chunk JSON>` lines, ending with `data: [DONE]` (or a `data: {"error":…}` line).' }) },
        },
      },
      ...errors(400, 401, 404, 409, 429, 500, 502, 503),
    },
  });
}
