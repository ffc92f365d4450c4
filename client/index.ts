import createFetchClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './schema.js';
import { streamEvents, type SessionEvent, type StreamDone } from './stream-events.js';

// A typed client of claude-code-api: openapi-fetch over the types generated from /openapi.json.

export type { components, paths } from './schema.js';
export { parseSse, streamEvents, StreamRequestError, type ErrorBody, type SessionEvent, type SseMessage, type StreamDone } from './stream-events.js';

export type Schemas = components['schemas'];
/** Typed GET/POST/PUT/DELETE on the API's paths; replies typed as their JSON bodies. */
export type ApiClient = Client<paths, 'application/json'>;

export interface ClientOptions {
  /** `http://host:3050/api/v1` (or the root, `http://host:3050`: every route answers there too). */
  baseUrl: string;
  /** Sent as `x-api-key`; leave out when the server runs without keys. */
  apiKey?: string;
  headers?: Record<string, string>;
  fetch?: (input: Request) => Promise<Response>;
}

export function createClient(opts: ClientOptions): ApiClient {
  return createFetchClient<paths, 'application/json'>({
    baseUrl: opts.baseUrl.replace(/\/+$/, ''),
    headers: { ...opts.headers, ...(opts.apiKey ? { 'x-api-key': opts.apiKey } : {}) },
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
}

type MessageBody = paths['/sessions/{id}/messages']['post']['requestBody']['content']['application/json'];

/** Sends a message with `stream: true` and yields the turn's events until `done`. */
export async function* streamTurn(
  client: ApiClient,
  sessionId: string,
  body: Omit<MessageBody, 'stream'>,
  opts: { signal?: AbortSignal; onDone?: (done: StreamDone) => void } = {},
): AsyncGenerator<SessionEvent, StreamDone | null> {
  const { response } = await client.POST('/sessions/{id}/messages', {
    params: { path: { id: sessionId } },
    body: { ...body, stream: true },
    parseAs: 'stream',
    headers: { accept: 'text/event-stream' },
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  return yield* streamEvents(response, opts);
}
