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

// At most this many events go out in one write.
const MAX_BATCH = 64;

// What stream.writeSSE({event, id, data}) writes, without its per-call parsing: the type and
// the numeric id hold no line breaks, and JSON text holds no raw CR or LF.
const frame = (e: SessionEvent) => `event: ${e.type}\ndata: ${eventJson(e)}\nid: ${e.id}\n\n`;

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
        let text = frame(event);
        last = event;
        let finished = opts.until?.(event) ?? false;
        // Events already waiting (a burst of token deltas) go out in the same write: one trip
        // through the response stream and one socket write for all of them.
        if (!finished && sub.takeQueued) {
          for (const e of sub.takeQueued(MAX_BATCH)) {
            text += frame(e);
            last = e;
            if ((finished = opts.until?.(e) ?? false)) break;
          }
        }
        await stream.write(text);
        if (finished) break;
      }
      const closed = sub.closeReason;
      const reason = closed === 'overflow' || closed === 'store_unavailable' ? closed : last && opts.until?.(last) ? 'finished' : 'closed';
      await stream.writeSSE({ event: 'done', data: JSON.stringify({ reason, lastEventId: last?.id ?? null }) });
    } finally {
      streams?.closed('sse');
      clearInterval(keepalive);
      sub.close('done');
    }
  });
}
