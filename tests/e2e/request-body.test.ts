import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, waitFor, type TestServer } from '../support/harness.js';

// Request bodies are read straight from Node's request (src/http/middleware/body.ts): the limit
// holds for chunked bodies too, a client that stops mid-body leaves nothing behind, and what was
// read is what the route sees.

const LIMIT = 4096;
let s: TestServer;
const logLines: string[] = [];

beforeAll(async () => {
  s = await startTestServer({ RATE_LIMIT_ENABLED: 'false', BODY_LIMIT_BYTES: String(LIMIT) }, { logSink: { write: (l) => void logLines.push(l) } });
});
afterAll(async () => {
  await s.close();
});

/** POST with a chunked body (no Content-Length), written in `parts`. */
function chunked(path: string, parts: Array<string | Buffer>): Promise<{ status: number; body: string }> {
  const url = new URL(s.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method: 'POST', path, headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString('utf8') }));
    });
    // The server may answer 413 and close before every part is written.
    req.on('error', (err) => (err.message.includes('EPIPE') || err.message.includes('ECONNRESET') ? undefined : reject(err)));
    for (const p of parts) req.write(p);
    req.end();
  });
}

async function sessionNames(): Promise<string[]> {
  const res = await s.api('/api/v1/sessions');
  const { sessions } = (await res.json()) as { sessions: Array<{ name: string | null }> };
  return sessions.map((x) => x.name ?? '');
}

describe('request bodies', () => {
  it('reads a chunked body in parts, multi-byte characters split across them', async () => {
    const json = JSON.stringify({ name: 'größe ✓ 名前' });
    const bytes = Buffer.from(json);
    // Cut inside the UTF-8 sequence of "ö" and of "✓".
    const cuts = [json.indexOf('ö') + 1, json.indexOf('✓') + 2].map((i) => Buffer.byteLength(json.slice(0, i)) - 1);
    const res = await chunked('/api/v1/sessions', [bytes.subarray(0, cuts[0]), bytes.subarray(cuts[0], cuts[1]), bytes.subarray(cuts[1])]);
    expect(res.status).toBe(201);
    expect(JSON.parse(res.body).session.name).toBe('größe ✓ 名前');
  });

  it('refuses a chunked body over BODY_LIMIT_BYTES with 413, and creates nothing', async () => {
    const before = await sessionNames();
    const part = 'x'.repeat(1024);
    const res = await chunked('/api/v1/sessions', ['{"name":"', ...Array.from({ length: 8 }, () => part), '"}']);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await sessionNames()).toEqual(before);
  });

  it('takes a chunked body just under the limit', async () => {
    const name = 'n'.repeat(LIMIT - '{"name":""}'.length);
    const res = await chunked('/api/v1/sessions', ['{"name":"', name.slice(0, 1000), name.slice(1000), '"}']);
    // Names have their own length rule; the body itself was read whole (not refused as too large).
    expect(res.status).not.toBe(413);
    expect([201, 400]).toContain(res.status);
  });

  it('ends the request of a client that stops in the middle of a body, and answers the next one', async () => {
    const before = await sessionNames();
    const url = new URL(s.url);
    const ended = () => logLines.filter((l) => l.includes('"msg":"request"') && l.includes('"method":"POST"') && l.includes('"status":400')).length;
    const ended0 = ended();
    for (let i = 0; i < 5; i++) {
      const sock = net.connect(Number(url.port), url.hostname);
      await new Promise((r) => sock.once('connect', r));
      sock.write(`POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{"name":"half`);
      await new Promise((r) => setTimeout(r, 20));
      sock.destroy();
    }
    // Each one's handler ended (not left waiting for bytes that never come).
    await waitFor(() => ended() - ended0 === 5);
    const res = await s.api('/api/v1/sessions', { json: { name: 'after' } });
    expect(res.status).toBe(201);
    expect((await sessionNames()).sort()).toEqual([...before, 'after'].sort());
  });

  it('gives an empty body the empty object, and bad JSON its code', async () => {
    const empty = await s.api('/api/v1/sessions', { method: 'POST' });
    expect(empty.status).toBe(201);
    const bad = await s.api('/api/v1/sessions', { method: 'POST', body: '{"name":', headers: { 'content-type': 'application/json' } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('INVALID_JSON');
  });
});
