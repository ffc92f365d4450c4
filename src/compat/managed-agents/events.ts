import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { ApiError } from '../../errors.js';
import { replayThenFollow } from '../../history/replay.js';
import type { AppEnv } from '../../http/env.js';
import type { LiveSession } from '../../sessions/session.js';
import { after, parsePosition, positionOf } from './query.js';
import { newTranslatorState, translate, type DeltaType, type ManagedEvent } from './translator.js';

// A session's history as Managed Agents events (the list) and the same events live (the stream),
// both through the one translator.

const MAX_BATCH = 64;

/** Every Managed Agents event of the session's history, oldest first. */
async function* historyEvents(live: LiveSession): AsyncGenerator<ManagedEvent> {
  const state = newTranslatorState();
  for await (const e of live.log.read(0)) yield* translate(e, state);
}

export async function listEvents(
  live: LiveSession,
  q: { limit?: number; page?: string; order?: 'asc' | 'desc'; types?: string[] },
): Promise<{ data: Array<ManagedEvent['event']>; next_page: string | null }> {
  const limit = q.limit ?? 100;
  const cursor = q.page === undefined ? null : parsePosition(q.page);
  if (q.page !== undefined && !cursor) throw new ApiError('VALIDATION_FAILED', 'invalid page cursor', { fields: [{ path: 'page', message: 'not a cursor from this API' }] });
  const types = q.types?.length ? new Set(q.types) : null;
  const wanted = (m: ManagedEvent) => !types || types.has(m.event.type);
  if ((q.order ?? 'asc') === 'asc') {
    const data: ManagedEvent[] = [];
    let more = false;
    for await (const m of historyEvents(live)) {
      if (cursor && !after(positionOf(m.position), cursor)) continue;
      if (!wanted(m)) continue;
      if (data.length === limit) {
        more = true;
        break;
      }
      data.push(m);
    }
    return { data: data.map((m) => m.event), next_page: more ? data.at(-1)!.position : null };
  }
  // Newest first: the page before the cursor, kept in a window of `limit + 1`.
  const window: ManagedEvent[] = [];
  for await (const m of historyEvents(live)) {
    if (cursor && !after(cursor, positionOf(m.position))) break;
    if (!wanted(m)) continue;
    window.push(m);
    if (window.length > limit + 1) window.shift();
  }
  const more = window.length > limit;
  const page = window.slice(-limit).reverse();
  return { data: page.map((m) => m.event), next_page: more ? page.at(-1)!.position : null };
}

/** Where a stream starts: the turn that holds the resume point, so the translator's state is whole. */
async function turnStartBefore(live: LiveSession, eventId: number): Promise<number> {
  let start = 0;
  for await (const e of live.log.read(0, eventId + 1)) if (e.type === 'turn_started') start = e.id;
  return start;
}

const frame = (m: ManagedEvent) => `event: ${m.event.type}\nid: ${m.position}\ndata: ${JSON.stringify(m.event)}\n\n`;

/**
 * The session's events live, as SSE: `event:` type, `id:` position, JSON data. With
 * Last-Event-ID, everything after that position first (nothing is missed); without, from now on.
 */
export async function streamEvents(c: Context<AppEnv>, live: LiveSession, opts: { deltas: ReadonlySet<DeltaType>; lastEventId: string | undefined; keepaliveMs: number }): Promise<Response> {
  const resume = opts.lastEventId !== undefined ? parsePosition(opts.lastEventId) : null;
  // Without a (valid) Last-Event-ID: what was published before now counts as seen.
  const seen: [number, number] = resume ?? [live.events.lastId, Number.MAX_SAFE_INTEGER];
  const from = await turnStartBefore(live, seen[0]);
  const source = replayThenFollow(live, Math.max(0, from - 1));
  const state = newTranslatorState();
  const streams = c.get('streams');
  c.header('X-Accel-Buffering', 'no');
  return streamSSE(c, async (stream) => {
    streams?.opened('sse');
    stream.onAbort(() => source.close());
    const keepalive = setInterval(() => void stream.write(': keepalive\n\n').catch(() => source.close()), opts.keepaliveMs);
    const fresh = (e: Parameters<typeof translate>[0]) => translate(e, state, opts.deltas).filter((m) => after(positionOf(m.position), seen));
    try {
      for await (const event of source) {
        let text = fresh(event).map(frame).join('');
        for (const e of source.takeQueued?.(MAX_BATCH) ?? []) text += fresh(e).map(frame).join('');
        if (text) await stream.write(text);
      }
      // The session was deleted (or this reader fell too far behind): say so, then end.
      if (source.closeReason === 'overflow') {
        await stream.write(`event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'the stream fell too far behind and was dropped: reconnect with Last-Event-ID' } })}\n\n`);
      }
    } finally {
      streams?.closed('sse');
      clearInterval(keepalive);
      source.close('done');
    }
  });
}
