import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logging/logger.js';
import { credentialSource } from './credentials.js';
import { Gateway, type GatewayDeps } from './gateway.js';
import type { RequestUsage } from './usage-tap.js';

// The gateway against a scripted upstream on loopback: what it forwards, with what, and what it refuses.

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let upstream: http.Server;
let upstreamUrl: string;
const seen: Seen[] = [];
let release: (() => void) | null = null;

beforeAll(async () => {
  upstream = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      if (req.url!.startsWith('/v1/messages?fail')) {
        res.writeHead(529, { 'content-type': 'application/json', 'x-should-retry': 'false', 'request-id': 'req_up' });
        return res.end(JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }));
      }
      if (req.url!.startsWith('/v1/messages')) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(`event: message_start\ndata: ${JSON.stringify({ type: 'message_start', message: { model: 'claude-sonnet-4-5', usage: { input_tokens: 100, output_tokens: 1, cache_read_input_tokens: 50 } } })}\n\n`);
        // The rest only once the test has seen the first part arrive: proof that nothing is buffered.
        release = () => {
          res.write(`event: message_delta\ndata: ${JSON.stringify({ type: 'message_delta', usage: { output_tokens: 42 } })}\n\n`);
          res.end('event: message_stop\ndata: {"type":"message_stop"}\n\n');
        };
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":[]}');
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => upstream.close(r));
});

const gateways: Gateway[] = [];
afterEach(async () => {
  seen.length = 0;
  for (const g of gateways.splice(0)) await g.close();
});

function makeGateway(over: Partial<GatewayDeps> = {}) {
  const usage: Array<{ sessionId: string; usage: RequestUsage }> = [];
  const g = new Gateway({
    upstream: upstreamUrl,
    credential: credentialSource({ upstream: upstreamUrl, credential: { kind: 'api-key', value: 'sk-operator' }, customHeaders: {}, needsCredential: false }, '/nonexistent'),
    customHeaders: { 'x-org': 'acme' },
    logger: createLogger('silent'),
    onUsage: (sessionId, u) => usage.push({ sessionId, usage: u }),
    admit: () => null,
    overBudget: () => false,
    needsCredential: false,
    onNoCredential: () => {},
    egressAllowFor: () => [],
    egressHosts: {},
    ...over,
  });
  gateways.push(g);
  return { g, usage };
}


describe('model gateway', () => {
  it('swaps the session token for the operator credential and streams the reply unbuffered', async () => {
    const { g, usage } = makeGateway();
    const url = await g.listenLoopback();
    const token = g.tokens.issue('s1');
    const res = await fetch(`${url}/v1/messages?beta=true`, {
      method: 'POST',
      headers: { 'x-api-key': token, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'sonnet', stream: true }),
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain('message_start'); // arrived before the upstream finished
    release!();
    let rest = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      rest += new TextDecoder().decode(value);
    }
    expect(rest).toContain('message_stop');
    expect(seen[0]!.url).toBe('/v1/messages?beta=true');
    expect(seen[0]!.headers['x-api-key']).toBe('sk-operator');
    expect(seen[0]!.headers['x-org']).toBe('acme');
    expect(seen[0]!.headers['anthropic-version']).toBe('2023-06-01');
    expect(JSON.parse(seen[0]!.body)).toEqual({ model: 'sonnet', stream: true });
    await new Promise((r) => setTimeout(r, 20));
    expect(usage).toEqual([
      { sessionId: 's1', usage: { model: 'claude-sonnet-4-5', inputTokens: 100, outputTokens: 42, cacheCreationInputTokens: 0, cacheReadInputTokens: 50 } },
    ]);
  });

  it('refuses a missing, wrong or revoked token without reaching upstream', async () => {
    const { g } = makeGateway();
    const url = await g.listenLoopback();
    const token = g.tokens.issue('s1');
    for (const headers of [{}, { 'x-api-key': 'sk-operator' }, { 'x-api-key': `${token}x` }, { authorization: 'Bearer cca-gw-nope' }] as Array<Record<string, string>>) {
      const res = await fetch(`${url}/v1/messages`, { method: 'POST', headers, body: '{}' });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ type: 'error', error: { type: 'authentication_error', message: 'invalid gateway token' } });
    }
    expect((await fetch(`${url}/v1/models`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    g.revoke('s1');
    expect((await fetch(`${url}/v1/models`, { headers: { 'x-api-key': token } })).status).toBe(401);
    expect(seen).toHaveLength(1);
  });

  it('passes an upstream error through as it came', async () => {
    const { g, usage } = makeGateway();
    const url = await g.listenLoopback();
    const res = await fetch(`${url}/v1/messages?fail`, { method: 'POST', headers: { 'x-api-key': g.tokens.issue('s1') }, body: '{}' });
    expect(res.status).toBe(529);
    expect(res.headers.get('x-should-retry')).toBe('false');
    expect(res.headers.get('request-id')).toBe('req_up');
    expect((await res.json()).error.type).toBe('overloaded_error');
    expect(usage).toEqual([]);
  });

  it('says so when the upstream cannot be reached', async () => {
    const { g } = makeGateway({ upstream: 'http://127.0.0.1:1' });
    const url = await g.listenLoopback();
    const res = await fetch(`${url}/v1/messages`, { method: 'POST', headers: { 'x-api-key': g.tokens.issue('s1') }, body: '{}' });
    expect(res.status).toBe(502);
    expect((await res.json()).error).toMatchObject({ type: 'api_error', message: expect.stringContaining('ECONNREFUSED') });
  });

  it('forwards only the model endpoints, and refuses a request past the spend cap', async () => {
    const { g } = makeGateway({ admit: (id) => (id === 'capped' ? 'spend cap reached' : null) });
    const url = await g.listenLoopback();
    const token = g.tokens.issue('s1');
    for (const p of ['/v1/files', '/v1/messages/batches', '/v1/organizations/me', '/v1/messages/../files', '/api/oauth/profile']) {
      const res = await fetch(`${url}${p}`, { headers: { 'x-api-key': token } });
      expect([403, 404]).toContain(res.status);
    }
    const capped = await fetch(`${url}/v1/messages`, { method: 'POST', headers: { 'x-api-key': g.tokens.issue('capped') }, body: '{}' });
    expect(capped.status).toBe(400);
    expect((await capped.json()).error.message).toBe('spend cap reached');
    expect(seen).toHaveLength(0);
  });

  it("on a session's own socket, only that session's token works, and proxy requests are egress-checked", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cca-gw-'));
    try {
      const { g } = makeGateway({ egressAllowFor: () => ['allowed.test'], egressHosts: { 'allowed.test': '127.0.0.1' } });
      const close = await g.openSocket('s1', path.join(dir, 's1.sock'));
      const other = g.tokens.issue('s2');
      const mine = g.tokens.issue('s1');
      const viaSocket = (p: string, headers: Record<string, string>) =>
        new Promise<{ status: number; body: string }>((resolve, reject) => {
          const req = http.request({ socketPath: path.join(dir, 's1.sock'), path: p, headers }, (res) => {
            let body = '';
            res.on('data', (c) => (body += c));
            res.on('end', () => resolve({ status: res.statusCode!, body }));
          });
          req.on('error', reject);
          req.end();
        });
      expect((await viaSocket('/v1/models', { 'x-api-key': other })).status).toBe(401);
      expect((await viaSocket('/v1/models', { 'x-api-key': mine })).status).toBe(200);
      const port = new URL(upstreamUrl).port;
      expect(await viaSocket(`http://allowed.test:${port}/v1/models`, {})).toMatchObject({ status: 200, body: '{"data":[]}' });
      const denied = await viaSocket(`http://127.0.0.1:${port}/v1/models`, {});
      expect(denied.status).toBe(403);
      expect(denied.body).toContain('blocked by the sandbox network policy');
      await close();
      await expect(viaSocket('/v1/models', { 'x-api-key': mine })).rejects.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("a session's next CLI opening its socket while the last one's release is under way gets a socket that stays", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cca-gw-'));
    try {
      const { g } = makeGateway();
      const models = (sock: string, token: string) =>
        new Promise<number>((resolve, reject) => {
          const req = http.request({ socketPath: sock, path: '/v1/models', headers: { 'x-api-key': token } }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode!));
          });
          req.on('error', reject);
          req.end();
        });
      // Per-turn CLIs of one session: turn N's release (close, remove the file) overlaps turn N+1's open.
      const s1 = path.join(dir, 's1.sock');
      const t1 = g.tokens.issue('s1');
      let release = await g.openSocket('s1', s1);
      for (let i = 0; i < 30; i++) {
        const releasing = release();
        const [next] = await Promise.all([g.openSocket('s1', s1), releasing]);
        release = next;
        expect({ turn: i, status: await models(s1, t1).catch((e: Error) => e.message) }).toEqual({ turn: i, status: 200 });
      }
      await release();
      // Two opening at once share one listener, and it serves until both have released it.
      const s2 = path.join(dir, 's2.sock');
      const t2 = g.tokens.issue('s2');
      const [a, b] = await Promise.all([g.openSocket('s2', s2), g.openSocket('s2', s2)]);
      await a();
      expect(await models(s2, t2)).toBe(200);
      await b();
      await expect(models(s2, t2)).rejects.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("uses the host's CLI login when no credential is configured, re-read when it changes", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cca-login-'));
    try {
      const source = credentialSource({ upstream: upstreamUrl, credential: null, customHeaders: {}, needsCredential: true }, dir);
      expect(source.headers()).toBeNull();
      expect(source.describe()).toBe('none');
      await writeFile(path.join(dir, '.credentials.json'), JSON.stringify({ claudeAiOauth: { accessToken: 'oauth-1' } }));
      expect(source.headers()).toEqual({ authorization: 'Bearer oauth-1', 'anthropic-beta': 'oauth-2025-04-20' });
      await new Promise((r) => setTimeout(r, 20));
      await writeFile(path.join(dir, '.credentials.json'), JSON.stringify({ claudeAiOauth: { accessToken: 'oauth-2' } }));
      expect(source.headers()?.authorization).toBe('Bearer oauth-2');
      expect(source.describe()).toBe('host-login');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
