import { describe, expect, it } from 'vitest';
import { parseSse, streamEvents, StreamRequestError } from '../../client/stream-events.js';

// The client's SSE parser on hand-made streams: chunk boundaries anywhere, every line ending.

const body = (chunks: string[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(new TextEncoder().encode(c));
      controller.close();
    },
  });
const sse = (chunks: string[], status = 200, type = 'text/event-stream') => new Response(body(chunks), { status, headers: { 'content-type': type } });
const collect = async <T>(it: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
};

describe('parseSse', () => {
  it('joins multi-line data, keeps id and event, skips comments', async () => {
    const got = await collect(parseSse(body([': keepalive\n\n', 'event: a\nid: 7\ndata: {"x":\ndata: 1}\n\n', 'data:plain\n\n'])));
    expect(got).toEqual([
      { event: 'a', id: '7', data: '{"x":\n1}' },
      { event: 'message', id: '7', data: 'plain' },
    ]);
  });

  it('handles CRLF and CR line endings split across chunks, and a multi-byte character split in two', async () => {
    const euro = new TextEncoder().encode('€');
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        const e = new TextEncoder();
        c.enqueue(e.encode('event: x\r'));
        c.enqueue(e.encode('\ndata: a'));
        c.enqueue(euro.slice(0, 1));
        c.enqueue(euro.slice(1));
        c.enqueue(e.encode('\r\r\ndata: b\r\r'));
        c.close();
      },
    });
    expect(await collect(parseSse(stream))).toEqual([
      { event: 'x', id: undefined, data: 'a€' },
      { event: 'message', id: undefined, data: 'b' },
    ]);
  });
});

describe('streamEvents', () => {
  const turnStarted = { type: 'turn_started', id: 1, sessionId: 's', turnId: 't', at: '2025-01-01T00:00:00.000Z', turnNumber: 1, continued: false, prompt: 'hi' };

  it('yields typed events and returns the done data', async () => {
    const res = sse([`event: turn_started\nid: 1\ndata: ${JSON.stringify(turnStarted)}\n\n`, ': keepalive\n\n', 'event: done\ndata: {"reason":"finished","lastEventId":1}\n\n']);
    const it = streamEvents(res);
    const first = await it.next();
    expect(first.value).toMatchObject({ type: 'turn_started', prompt: 'hi' });
    const last = await it.next();
    expect(last).toEqual({ done: true, value: { reason: 'finished', lastEventId: 1 } });
  });

  it('throws the API error of a refused stream', async () => {
    const refused = sse(['{"error":{"code":"SESSION_BUSY","message":"busy","requestId":"r"}}'], 409, 'application/json');
    await expect(collect(streamEvents(refused))).rejects.toMatchObject({ status: 409, body: { error: { code: 'SESSION_BUSY' } } });
    await expect(collect(streamEvents(sse(['{}'], 200, 'application/json')))).rejects.toThrow(/event stream/);
    expect(new StreamRequestError(500, 'oops').message).toBe('HTTP 500: oops');
  });
});
