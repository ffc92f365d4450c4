import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { EventSource } from '../history/replay.js';
import type { AppEnv } from './env.js';
import { eventJson } from '../sessions/event-json.js';
import type { SessionEvent } from '../sessions/events.js';

export interface SseOptions {
  keepaliveMs: number;
  /** Stop after this event (a turn stream ends at its turn_finished). */
  until?: (e: SessionEvent) => boolean;
  onAbort?: () => void;
}

/** Relays a subscription as SSE: `event:` type, `id:` per-session id, JSON `data:`, then `done`. */
export function relaySse(c: Context, sub: EventSource, opts: SseOptions): Response {
  const streams = (c as Context<AppEnv>).get('streams');
  return streamSSE(c, async (stream) => {
    streams?.opened('sse');
    stream.onAbort(() => {
      sub.close();
      opts.onAbort?.();
    });
    // Comment lines keep proxies from closing an idle stream while Claude thinks.
    const keepalive = setInterval(() => void stream.write(': keepalive\n\n').catch(() => sub.close()), opts.keepaliveMs);
    let last: SessionEvent | undefined;
    try {
      for await (const event of sub) {
        // What stream.writeSSE({event, id, data}) writes, without its per-call parsing: the type
        // and the numeric id hold no line breaks, and JSON text holds no raw CR or LF.
        await stream.write(`event: ${event.type}\ndata: ${eventJson(event)}\nid: ${event.id}\n\n`);
        last = event;
        if (opts.until?.(event)) break;
      }
      const reason = sub.closeReason === 'overflow' ? 'overflow' : last && opts.until?.(last) ? 'finished' : 'closed';
      await stream.writeSSE({ event: 'done', data: JSON.stringify({ reason, lastEventId: last?.id ?? null }) });
    } finally {
      streams?.closed('sse');
      clearInterval(keepalive);
      sub.close('done');
    }
  });
}
