/**
 * An SSE client that stamps what it receives: every chunk is stamped with
 * process.hrtime.bigint() (CLOCK_MONOTONIC, the clock bench/support/stamp-cli.mjs uses) the
 * moment it arrives; once the stream has ended, each `stream_event` event is keyed by the uuid
 * of the CLI line it carries, with the stamp of the chunk that completed it.
 */
import http from 'node:http';
import { StringDecoder } from 'node:string_decoder';
import { Worker } from 'node:worker_threads';

export interface StampedStream {
  status: number;
  /** uuid of the CLI's stream_event line → arrival (ns, CLOCK_MONOTONIC) */
  received: Map<string, bigint>;
  /** event type → count */
  counts: Record<string, number>;
  /** data of the turn_finished event */
  finished: { status?: string; text?: string } | null;
  /** the raw body when the reply was not an event stream (an error) */
  errorBody: string | null;
}

const UUID = /"uuid":"([0-9a-f-]{36})"/;

export function postSse(base: string, path: string, json: unknown, timeoutMs = 120_000): Promise<StampedStream> {
  const url = new URL(base + path);
  const payload = Buffer.from(JSON.stringify(json));
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        method: 'POST',
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': payload.length, accept: 'text/event-stream' },
        timeout: timeoutMs,
      },
      (res) => {
        const out: StampedStream = { status: res.statusCode ?? 0, received: new Map(), counts: {}, finished: null, errorBody: null };
        const decoder = new StringDecoder('utf8');
        let buf = '';
        if (!String(res.headers['content-type'] ?? '').startsWith('text/event-stream')) {
          res.on('data', (c: Buffer) => (buf += decoder.write(c)));
          res.on('end', () => resolve({ ...out, errorBody: buf }));
          return;
        }
        // While the stream runs only the stamp and a push: the events are read once it has
        // ended, so this process takes as little CPU as it can from the processes being measured.
        const chunks: Array<[bigint, Buffer]> = [];
        res.on('data', (chunk: Buffer) => chunks.push([process.hrtime.bigint(), chunk]));
        res.on('end', () => {
          for (const [t, chunk] of chunks) {
            buf += decoder.write(chunk);
            let sep: number;
            while ((sep = buf.indexOf('\n\n')) !== -1) {
              const block = buf.slice(0, sep);
              buf = buf.slice(sep + 2);
              if (block.startsWith(':')) continue; // keep-alive comment
              const nl = block.indexOf('\n');
              const first = nl === -1 ? block : block.slice(0, nl);
              const type = first.startsWith('event: ') ? first.slice(7) : 'message';
              out.counts[type] = (out.counts[type] ?? 0) + 1;
              if (type === 'stream_event') {
                const m = UUID.exec(block);
                if (m) out.received.set(m[1]!, t);
              } else if (type === 'turn_finished') {
                const data = block.split('\n').find((l) => l.startsWith('data: '));
                out.finished = data ? JSON.parse(data.slice(6)) : null;
              }
            }
          }
          resolve(out);
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`POST ${path}: no end within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** An SSE client on its own thread (sse-stamps-worker.ts), for one request at a time. */
export class SseThread {
  private readonly worker = new Worker(new URL('./sse-stamps-thread.mjs', import.meta.url));

  /** postSse's result, and how late this thread's event loop ran at worst meanwhile (ms): arrivals are stamped late by as much. */
  post(base: string, path: string, json: unknown): Promise<StampedStream & { loopMaxMs: number }> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.worker.once('error', onError);
      this.worker.once('message', (m: { result?: StampedStream; loopMaxMs?: number; error?: string }) => {
        this.worker.off('error', onError);
        if (m.result) resolve({ ...m.result, loopMaxMs: m.loopMaxMs ?? Number.NaN });
        else reject(new Error(m.error ?? 'the SSE thread answered nothing'));
      });
      this.worker.postMessage({ base, path, json });
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
