import type { components } from './schema.js';

// Server-Sent Events → typed SessionEvents, as the service sends them: `event: <type>`, `id: <n>`,
// JSON `data:` (possibly over several lines), `: keepalive` comments, and a final `event: done`.

export type SessionEvent = components['schemas']['SessionEvent'];
export type StreamDone = components['schemas']['StreamDone'];
export type ErrorBody = components['schemas']['Error'];

export interface SseMessage {
  event: string;
  data: string;
  id: string | undefined;
}

/** An error reply where a stream was expected: the status and the `{error:{code,…}}` body. */
export class StreamRequestError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody | string,
  ) {
    super(typeof body === 'string' ? `HTTP ${status}: ${body}` : `HTTP ${status} ${body.error.code}: ${body.error.message}`);
    this.name = 'StreamRequestError';
  }
}

/** Parses an SSE body per the WHATWG rules (CR, LF or CRLF lines; data lines joined by "\n"). */
export async function* parseSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseMessage> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  let ended = false;
  let event = '';
  let data: string[] = [];
  let id: string | undefined;
  try {
    while (!ended) {
      const chunk = await reader.read();
      if (chunk.done) ended = true;
      else buf += decoder.decode(chunk.value, { stream: true });
      if (ended) buf += decoder.decode();
      for (;;) {
        const m = /\r\n|\r|\n/.exec(buf);
        // A CR at the very end may be the first half of a CRLF: wait for the next chunk.
        if (!m || (m[0] === '\r' && m.index === buf.length - 1 && !ended)) break;
        const line = buf.slice(0, m.index);
        buf = buf.slice(m.index + m[0].length);
        if (line === '') {
          if (data.length > 0) yield { event: event || 'message', data: data.join('\n'), id };
          event = '';
          data = [];
          continue;
        }
        if (line.startsWith(':')) continue; // a comment: keep-alive
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
        else if (field === 'id' && !value.includes('\0')) id = value;
      }
    }
  } finally {
    // Also when the consumer stops early: the connection is released.
    await reader.cancel().catch(() => {});
  }
}

/**
 * The SessionEvents of a stream response (POST …/messages with `stream: true`, GET …/stream,
 * GET …/events). Ends at `done`, whose data it returns (and passes to `onDone`).
 */
export async function* streamEvents(
  response: Response,
  opts: { onDone?: (done: StreamDone) => void } = {},
): AsyncGenerator<SessionEvent, StreamDone | null> {
  if (!response.ok) {
    const text = await response.text();
    let body: ErrorBody | string = text;
    try {
      body = JSON.parse(text) as ErrorBody;
    } catch {
      // not JSON: keep the text
    }
    throw new StreamRequestError(response.status, body);
  }
  const type = response.headers.get('content-type') ?? '';
  if (!type.startsWith('text/event-stream') || !response.body) throw new Error(`expected an event stream, got ${type || 'no body'}`);
  for await (const m of parseSse(response.body)) {
    if (m.event === 'done') {
      const done = JSON.parse(m.data) as StreamDone;
      opts.onDone?.(done);
      return done;
    }
    yield JSON.parse(m.data) as SessionEvent;
  }
  return null;
}
