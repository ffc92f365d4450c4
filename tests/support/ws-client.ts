import WebSocket from 'ws';

export interface WsClient {
  ws: WebSocket;
  frames: any[];
  /** Resolves with the first frame (seen or to come) that matches. */
  next: (match: (f: any) => boolean, timeoutMs?: number) => Promise<any>;
  send: (frame: unknown) => void;
  closed: Promise<{ code: number; reason: string }>;
}

/** A WebSocket test client that keeps every frame it received. */
export function connectWs(url: string, opts: { protocols?: string[]; headers?: Record<string, string> } = {}): Promise<WsClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, opts.protocols ?? [], { headers: opts.headers });
    const frames: any[] = [];
    const waiters: Array<{ match: (f: any) => boolean; resolve: (f: any) => void }> = [];
    ws.on('message', (data) => {
      const f = JSON.parse(String(data));
      frames.push(f);
      for (const w of [...waiters]) if (w.match(f)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(f);
      }
    });
    const closed = new Promise<{ code: number; reason: string }>((r) => ws.on('close', (code, reason) => r({ code, reason: String(reason) })));
    ws.on('unexpected-response', (_req, res) => reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode })));
    ws.on('error', reject);
    ws.on('open', () =>
      resolve({
        ws,
        frames,
        closed,
        send: (frame) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
        next: (match, timeoutMs = 10_000) => {
          const seen = frames.find(match);
          if (seen) return Promise.resolve(seen);
          return new Promise((res, rej) => {
            const t = setTimeout(() => rej(new Error('no matching frame in time')), timeoutMs);
            waiters.push({ match, resolve: (f) => (clearTimeout(t), res(f)) });
          });
        },
      }),
    );
  });
}
