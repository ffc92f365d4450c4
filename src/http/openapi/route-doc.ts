import type { OpenAPIRegistry, ResponseConfig, ZodContentObject } from '@asteasolutions/zod-to-openapi';
import type { ErrorCode } from '../../errors.js';
import { errorResponses } from './error-schema.js';
import { SseData } from './event-schemas.js';
import { z } from './zod.js';

// One route's documentation: what a handler file's route needs to appear in /openapi.json.

export const TAGS = {
  Sessions: 'Create, list, inspect and delete sessions. Each owns a workspace directory.',
  Turns: 'Send a message (one CLI run), as one JSON reply or as Server-Sent Events; interrupt it.',
  Permissions: 'Approve or deny the tools a running turn asks for; change its permission mode.',
  History: "A session's conversation, turn by turn, and its replayable event stream.",
  Files: "The session's workspace: list, download, upload, delete, tar.gz in and out.",
  Usage: 'Cost and tokens per session, per key, per day and model; spend caps.',
  Service: 'Health, models, this document, its docs page and Prometheus metrics.',
  'Managed Agents': "Anthropic's Managed Agents API at /v1 (agents, environments, sessions, events): the official SDK's `baseURL` pointed here works unchanged.",
  OpenAI: 'OpenAI chat completions at /openai/v1: a conversation is a session, a request is a turn.',
} as const;
export type Tag = keyof typeof TAGS;

export interface ReplyDoc {
  description: string;
  /** A JSON body. */
  json?: z.ZodType;
  /** A Server-Sent Events stream of SessionEvents ending with `done`. */
  sse?: true;
  /** Any other content (binary, text). */
  content?: ZodContentObject;
  headers?: ResponseConfig['headers'];
}

export interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'delete' | 'patch';
  /** The Hono path below /api/v1, as in the handler: '/sessions/:id/permissions/:requestId'. */
  path: string;
  operationId: string;
  tag: Tag;
  summary: string;
  description?: string;
  /** Path parameters other than the session `:id` (each a string when not given). */
  params?: z.ZodRawShape;
  query?: z.ZodObject;
  headers?: z.ZodObject;
  /** The JSON body schema the handler passes to readJson. */
  body?: z.ZodType;
  /** An example body (checked against the schema by the lint). */
  bodyExample?: unknown;
  /** The body may be empty (read as `{}`). */
  bodyOptional?: boolean;
  /** A non-JSON body (raw bytes, multipart). */
  bodyContent?: ZodContentObject;
  replies: Record<number, ReplyDoc>;
  /** Route-specific error codes; the common ones are added from what the route takes. */
  errors?: ErrorCode[];
  /** `public`: no key needed; `metrics`: METRICS_TOKEN or an admin key. */
  auth?: 'key' | 'public' | 'metrics';
}

export const SessionId = z
  .string()
  .regex(/^[0-9a-z]{20}$/)
  .openapi({ description: 'A session id (a malformed one answers 404 like a missing one).', example: 'k3x9q2m8v7b1n4c6z0a5' });

const PARAM = /:([A-Za-z_][A-Za-z0-9_]*)/g;

function reply(doc: ReplyDoc): ResponseConfig {
  const content: ZodContentObject = { ...doc.content };
  if (doc.json) content['application/json'] = { schema: doc.json };
  if (doc.sse) content['text/event-stream'] = { schema: SseData };
  return { description: doc.description, ...(doc.headers ? { headers: doc.headers } : {}), ...(Object.keys(content).length ? { content } : {}) };
}

/** Registers one route: path params from the Hono path, common errors from what the route takes. */
export function documentRoute(registry: OpenAPIRegistry, doc: RouteDoc): void {
  // Stands in for Redocly's operation-2xx-response, which a WebSocket's 101 cannot satisfy.
  if (!Object.keys(doc.replies).some((status) => /^2\d\d$/.test(status) || status === '101')) {
    throw new Error(`${doc.method.toUpperCase()} ${doc.path}: document at least one 2xx reply`);
  }
  const names = [...doc.path.matchAll(PARAM)].map((m) => m[1]!);
  const params = Object.fromEntries(names.map((n) => [n, n === 'id' ? SessionId : (doc.params?.[n] ?? z.string())]));
  const auth = doc.auth ?? 'key';
  const codes: ErrorCode[] = [...(doc.errors ?? []), 'RATE_LIMITED', 'INTERNAL'];
  if (auth !== 'public') codes.push('UNAUTHENTICATED');
  if (names.includes('id')) codes.push('SESSION_NOT_FOUND');
  if (doc.query || doc.body || doc.headers) codes.push('VALIDATION_FAILED');
  if (doc.body) codes.push('INVALID_JSON', 'PAYLOAD_TOO_LARGE');
  const responses: Record<string, ResponseConfig> = { ...errorResponses(codes) };
  for (const [status, r] of Object.entries(doc.replies)) responses[status] = reply(r);
  const bodyContent: ZodContentObject | undefined = doc.body
    ? { 'application/json': { schema: doc.body, ...(doc.bodyExample === undefined ? {} : { example: doc.bodyExample }) } } : doc.bodyContent;
  registry.registerPath({
    method: doc.method,
    path: doc.path.replace(PARAM, '{$1}'),
    operationId: doc.operationId,
    tags: [doc.tag],
    summary: doc.summary,
    ...(doc.description ? { description: doc.description } : {}),
    ...(auth === 'public' ? { security: [] } : auth === 'metrics' ? { security: [{ metricsToken: [] }, { apiKey: [] }, { bearer: [] }] } : {}),
    request: {
      ...(names.length ? { params: z.object(params) } : {}),
      ...(doc.query ? { query: doc.query } : {}),
      ...(doc.headers ? { headers: doc.headers } : {}),
      ...(bodyContent ? { body: { required: doc.body !== undefined && !doc.bodyOptional, content: bodyContent } } : {}),
    },
    responses,
  });
}
