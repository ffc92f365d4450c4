import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createClaudeCodeApi, type ClaudeCodeApi, type ClaudeCodeApiOptions } from '../../src/index.js';
import { FIXTURE_CLI, isRunning, readSse, SseReader } from '../support/harness.js';
import { cliProcessesIn } from '../support/processes.js';

// The package as another project uses it: mounted in a host Hono app or a plain Node http server.

const ALICE = 'alice-key-0123456789';
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function embed(extra: ClaudeCodeApiOptions = {}): Promise<{ api: ClaudeCodeApi; root: string }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'cca-embed-'));
  const api = createClaudeCodeApi({
    workspaceRoot: path.join(root, 'workspaces'),
    claudeBin: FIXTURE_CLI,
    env: { PATH: process.env.PATH, HOME: root },
    logLevel: 'silent',
    killGraceMs: 300,
    resultExitGraceMs: 300,
    shutdownGraceMs: 1_000,
    ...extra,
  });
  cleanups.push(async () => {
    await api.close();
    await rm(root, { recursive: true, force: true });
  });
  return { api, root };
}

const post = (json: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  body: JSON.stringify(json),
  headers: { 'content-type': 'application/json', ...headers },
});

describe('createClaudeCodeApi mounted in a Hono app', () => {
  it('serves the API under the host prefix beside the host routes, then close() leaves no CLI process', async () => {
    const { api } = await embed({ sessionTimeout: 60_000, maxSessions: 5 });
    const host = new Hono();
    host.get('/hello', (c) => c.text('hello from the host'));
    host.route('/api/v1', api.app);

    expect(await (await host.request('/hello')).text()).toBe('hello from the host');
    const health = await host.request('/api/v1/health');
    expect(health.status).toBe(200);
    expect((await health.json()).limits.maxSessions).toBe(5);
    // Mounted once: the host decides the prefix, nothing appears at its root or twice.
    expect((await host.request('/sessions')).status).toBe(404);
    expect((await host.request('/api/v1/api/v1/health')).status).toBe(404);

    const session = (await (await host.request('/api/v1/sessions', post({}))).json()).session;
    const reply = await (await host.request(`/api/v1/sessions/${session.id}/messages`, post({ prompt: 'hello' }))).json();
    expect(reply).toMatchObject({ response: 'fixture: hello', status: 'completed' });
    const sse = await readSse(await host.request(`/api/v1/sessions/${session.id}/messages`, post({ prompt: 'again', stream: true })));
    expect(sse.find((m) => m.event === 'turn_finished')?.data.text).toBe('fixture: again');

    // A running turn at close(): interrupted, its process gone, its record flushed.
    const slow = new SseReader(await host.request(`/api/v1/sessions/${session.id}/messages`, post({ prompt: 'SLOW 50 100', stream: true })));
    const pid: number = (await slow.until((m) => m.event === 'process_started'))!.data.pid;
    expect(isRunning(pid)).toBe(true);
    await api.close();
    expect((await slow.rest()).find((m) => m.event === 'turn_finished')?.data.status).toBe('interrupted');
    expect(isRunning(pid)).toBe(false);
    expect(cliProcessesIn(session.workspace)).toEqual([]);
    const record = JSON.parse(await readFile(path.join(api.config.stateDir, 'sessions', `${session.id}.json`), 'utf8'));
    expect(record.lastTurn.status).toBe('interrupted');
    expect((await host.request('/api/v1/sessions', post({}))).status).toBe(503);
  });

  it('matches requireAuth routes relative to the mount point, whatever the prefix', async () => {
    const { api } = await embed({
      auth: { enabled: true, apiKeys: [`alice:${ALICE}`], requireAuth: ['POST /sessions', 'POST /sessions/:id/messages'] },
    });
    const host = new Hono();
    host.route('/tenants/:tenant/claude', api.app);
    const base = '/tenants/acme/claude';
    expect((await host.request(`${base}/sessions`)).status).toBe(200);
    const refused = await host.request(`${base}/sessions`, post({}));
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.code).toBe('UNAUTHENTICATED');
    const created = await host.request(`${base}/sessions`, post({}, { 'x-api-key': ALICE }));
    expect(created.status).toBe(201);
    const id = (await created.json()).session.id;
    expect((await host.request(`${base}/sessions/${id}/messages`, post({ prompt: 'x' }))).status).toBe(401);
  });

  it('keeps uploads out of the JSON body limit under a prefix, and waits for ready', async () => {
    const { api } = await embed({ bodyLimitBytes: 2048, maxUploadBytes: 100_000 });
    const host = new Hono().route('/x', api.app);
    // No await api.ready: the first request waits for the runtime.
    const id = (await (await host.request('/x/sessions', post({}))).json()).session.id;
    const big = 'a'.repeat(10_000);
    const put = await host.request(`/x/sessions/${id}/files/content?path=big.txt`, { method: 'PUT', body: big });
    expect(put.status).toBe(201);
    expect((await host.request(`/x/sessions/${id}/messages`, post({ prompt: big }))).status).toBe(413);
  });

  it('answers 503 API_DISABLED and starts nothing with enabled: false', async () => {
    const { api, root } = await embed({ enabled: false });
    const host = new Hono().route('/api/v1', api.app);
    const res = await host.request('/api/v1/sessions');
    expect(res.status).toBe(503);
    expect((await res.json()).error.code).toBe('API_DISABLED');
    await expect(readFile(path.join(root, 'workspaces'))).rejects.toThrow(/ENOENT/);
  });
});

describe('createClaudeCodeApi in a plain Node http server', () => {
  it('serves through getRequestListener and streams a turn', async () => {
    const { api } = await embed();
    const listener = getRequestListener(api.app.fetch);
    const server: Server = createServer((req, res) => {
      if (req.url === '/hello') return void res.end('hello from node');
      void listener(req, res);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => server.close(() => r())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect(await (await fetch(`${url}/hello`)).text()).toBe('hello from node');
    const id = (await (await fetch(`${url}/sessions`, post({}))).json()).session.id;
    const events = await readSse(await fetch(`${url}/sessions/${id}/messages`, post({ prompt: 'hello', stream: true, partial: true })));
    expect(events.at(-1)?.event).toBe('done');
    expect(events.find((m) => m.event === 'turn_finished')?.data.text).toBe('fixture: hello');
  });
});

describe('bad options', () => {
  it('fail at once, naming the option', () => {
    expect(() => createClaudeCodeApi({ auth: { apiKey: ['k'] } } as never)).toThrow(
      'Invalid options: auth.apiKey is not an option (did you mean apiKeys?)',
    );
    expect(() => createClaudeCodeApi({ maxSesions: 3 } as never)).toThrow(/maxSesions is not an option \(did you mean maxSessions\?\)/);
    expect(() => createClaudeCodeApi({ sessionTimeout: '5m' } as never)).toThrow(/sessionTimeout: .*number/);
    expect(() => createClaudeCodeApi({ maxSessions: 0 })).toThrow(/Invalid options: maxSessions: /);
    expect(() => createClaudeCodeApi({ rateLimit: { maxRequests: -1 } })).toThrow(/rateLimit\.maxRequests/);
    expect(() => createClaudeCodeApi({ auth: { requireAuth: ['sessions'] } })).toThrow(/auth\.requireAuth: "sessions" is not "METHOD \/path"/);
    expect(() => createClaudeCodeApi({ auth: { enabled: true } })).toThrow(/auth\.enabled is true but no auth\.apiKeys/);
    expect(() => createClaudeCodeApi({ auth: { apiKeys: ['short'] } })).toThrow(/auth\.apiKeys: a key must be at least 12/);
    expect(() => createClaudeCodeApi({ defaultPermissionMode: 'bypassPermissions' })).toThrow(/allowBypassPermissions/);
  });
});
