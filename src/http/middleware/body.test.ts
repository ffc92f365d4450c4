import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../../tests/support/harness.js';
import { ApiError } from '../../errors.js';
import type { AppEnv } from '../env.js';
import { readBody } from './body.js';

// readBody on @hono/node-server, with a slow middleware in front (as auth or a shared-mode
// lookup can be): whatever the client does meanwhile, every request ends.

let server: ServerType | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

async function start(delayMs: number, ended: string[]): Promise<number> {
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    try {
      await next();
    } finally {
      ended.push(`${c.res.status}`);
    }
  });
  app.use(async (_c, next) => {
    await new Promise((r) => setTimeout(r, delayMs));
    await next();
  });
  app.use(readBody(1024));
  app.post('/echo', async (c) => c.json({ got: await c.req.json() }));
  app.onError((err, c) => c.json({ code: err instanceof ApiError ? err.code : 'INTERNAL' }, err instanceof ApiError ? (err.code === 'PAYLOAD_TOO_LARGE' ? 413 : 400) : 500));
  return new Promise((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve((server!.address() as AddressInfo).port));
  });
}

function send(port: number, raw: string, closeAfterMs: number | null): Promise<string> {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1', () => sock.write(raw));
    let got = '';
    sock.on('data', (d) => (got += d.toString()));
    sock.on('close', () => resolve(got));
    sock.on('error', () => resolve(got));
    if (closeAfterMs !== null) setTimeout(() => sock.destroy(), closeAfterMs);
  });
}

describe('readBody on node-server', () => {
  // [when, the slow middleware's delay ms, the client closes after ms]
  it.each([
    ['before the middleware ran', 150, 20],
    ['while the body is read', 0, 100],
  ] as const)('ends a request whose client left mid-body %s', async (_when, delayMs, closeAfterMs) => {
    const ended: string[] = [];
    const port = await start(delayMs, ended);
    await send(port, 'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{"a":', closeAfterMs);
    await waitFor(() => ended.length === 1);
    expect(ended).toEqual(['400']);
  });

  it('reads a whole body that arrived before the middleware ran, and refuses one over the limit', async () => {
    const ended: string[] = [];
    const port = await start(100, ended);
    const body = '{"a":[1,2,3]}';
    const ok = await send(port, `POST /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: ${body.length}\r\n\r\n${body}`, null);
    expect(ok).toContain('200 OK');
    expect(ok).toContain('{"got":{"a":[1,2,3]}}');
    const big = 'x'.repeat(2000);
    const refused = await send(port, `POST /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n${(big.length).toString(16)}\r\n${big}\r\n0\r\n\r\n`, null);
    expect(refused).toContain('413');
  });
});
