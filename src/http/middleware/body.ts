import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from '../../errors.js';
import type { AppEnv } from '../env.js';

const endedEarly = () => new ApiError('VALIDATION_FAILED', 'request body ended early: the client closed the connection');
const tooLarge = (maxBytes: number) => new ApiError('PAYLOAD_TOO_LARGE', `request body over ${maxBytes} bytes`);

// node-server builds a body from this Buffer when something later asks for the fetch Request's body.
type Incoming = IncomingMessage & { rawBody?: Buffer };

// The request as @hono/node-server passed it, while nothing has started reading its body.
function unreadIncoming(c: Context): Incoming | null {
  const incoming = (c.env as { incoming?: Incoming } | undefined)?.incoming;
  if (!incoming || typeof incoming.on !== 'function') return null;
  if (incoming.readableDidRead || incoming.listenerCount('data') > 0 || 'rawBody' in incoming) return null;
  return incoming;
}

function readAll(incoming: Incoming, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (err: Error | null, body?: Buffer) => {
      incoming.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      // Over the limit: the rest is left to the adapter, which drains it once the 413 is sent.
      if (err) {
        incoming.pause();
        reject(err);
      } else resolve(body!);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) done(tooLarge(maxBytes));
      else chunks.push(chunk);
    };
    const onEnd = () => done(null, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    const onError = (err: Error) => done(new ApiError('VALIDATION_FAILED', `request body could not be read: ${err.message}`));
    const onClose = () => done(endedEarly());
    incoming.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

/**
 * Reads a request body (up to maxBytes, else PAYLOAD_TOO_LARGE) straight from Node's request into
 * Hono's body cache, so `c.req.text()`/`json()` never make the adapter build a fetch Request and
 * pull the body through web streams (the larger part of a cheap POST's CPU). Elsewhere (other
 * runtimes, app.request() in tests, a body someone already began to read): Hono's bodyLimit.
 */
export function readBody(maxBytes: number): MiddlewareHandler<AppEnv> {
  const fallback = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw tooLarge(maxBytes);
    },
  });
  return async (c, next) => {
    const incoming = unreadIncoming(c);
    if (!incoming) return fallback(c, next);
    const declared = incoming.headers['content-length'];
    if (declared !== undefined && !incoming.headers['transfer-encoding'] && Number(declared) > maxBytes) throw tooLarge(maxBytes);
    // Gone before this middleware ran (the client closed mid-body): no event would come any more.
    if (incoming.destroyed && !incoming.complete) throw endedEarly();
    const body = await readAll(incoming, maxBytes);
    incoming.rawBody = body;
    // arrayBuffer first: a formData()/blob() asked later is made from the first cached form.
    const cache = c.req.bodyCache as Record<string, Promise<unknown>>;
    cache.arrayBuffer = Promise.resolve(body.buffer.slice(body.byteOffset, body.byteOffset + body.length));
    cache.text = Promise.resolve(body.toString('utf8'));
    await next();
  };
}
