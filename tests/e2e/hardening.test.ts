import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAUDE_BIN, cliEnv, REPO_ROOT } from '../support/cli-env.js';
import { FIXTURE_CLI, readPid, startTestServer, waitFor, type TestServer } from '../support/harness.js';
import { spawnServer } from '../support/server-process.js';
import { connectWs } from '../support/ws-client.js';

// Resource bounds and a second instance: what the fuzzer, the soak and a new user broke.

describe('socket limits', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ BODY_LIMIT_BYTES: '65536', HEADERS_TIMEOUT_MS: '400', REQUEST_TIMEOUT_MS: '800', MAX_CONNECTIONS: '8' });
  });
  afterAll(async () => {
    await s.close();
  });

  it('refuses a WebSocket frame over BODY_LIMIT_BYTES at the socket (1009), before parsing it', async () => {
    const { session } = await (await s.api('/api/v1/sessions', { json: {} })).json();
    const c = await connectWs(`${s.url.replace('http', 'ws')}/api/v1/sessions/${session.id}/ws`);
    c.send(JSON.stringify({ type: 'message', prompt: 'x'.repeat(200_000) }));
    expect((await c.closed).code).toBe(1009);
    expect((await s.api('/health')).status).toBe(200);
  });

  it('cuts a client that sends its body too slowly, within REQUEST_TIMEOUT_MS', async () => {
    const port = new URL(s.url).port;
    const sock = net.connect(Number(port), '127.0.0.1');
    await new Promise((r) => sock.once('connect', r));
    const started = Date.now();
    sock.write('POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"na');
    let reply = '';
    sock.on('data', (d) => (reply += d));
    await new Promise((r) => sock.once('close', r));
    const took = Date.now() - started;
    expect(took).toBeLessThan(3_000);
    expect(reply).toMatch(/^HTTP\/1\.1 408/);
  });

  it('cuts a client that never finishes its headers, within HEADERS_TIMEOUT_MS', async () => {
    const sock = net.connect(Number(new URL(s.url).port), '127.0.0.1');
    await new Promise((r) => sock.once('connect', r));
    const started = Date.now();
    sock.write('GET /health HTTP/1.1\r\nHost: x\r\n');
    let reply = '';
    sock.on('data', (d) => (reply += d));
    await new Promise((r) => sock.once('close', r));
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(reply).toMatch(/^HTTP\/1\.1 408/);
  });

  it('holds at most MAX_CONNECTIONS sockets: the rest are dropped, and the service answers once they go', async () => {
    const port = Number(new URL(s.url).port);
    const idle = await Promise.all(
      Array.from({ length: 12 }, () => new Promise<net.Socket>((resolve) => {
        const c = net.connect(port, '127.0.0.1', () => resolve(c));
        c.on('error', () => {});
      })),
    );
    const dropped = await waitFor(() => {
      const n = idle.filter((c) => c.destroyed || c.readableEnded).length;
      return n >= 4 ? n : 0;
    }, 3_000);
    expect(dropped).toBeGreaterThanOrEqual(4);
    for (const c of idle) c.destroy();
    await waitFor(async () => (await s.api('/health').catch(() => null))?.status === 200, 3_000);
  });
});

describe('signals at start-up', () => {
  it('a SIGTERM the moment the server says it listens stops it cleanly (exit 0), every time', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'cca-early-term-'));
    try {
      // It says so before start-up has returned: the signal lands in that gap some of the time.
      for (let i = 0; i < 5; i++) {
        const server = await spawnServer({ WORKSPACE_ROOT: path.join(root, 'ws'), HOME: root, CLAUDE_BIN: FIXTURE_CLI });
        server.child.kill('SIGTERM');
        expect({ round: i, ...(await server.exited) }).toEqual({ round: i, code: 0, signal: null });
        expect(server.output()).toContain('"msg":"stopped"');
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('a second instance on the same directories', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'cca-second-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("refuses to start, names the first one's pid, and leaves its running turn alone", async () => {
    const env = { WORKSPACE_ROOT: path.join(root, 'ws'), HOME: root, CLAUDE_BIN: FIXTURE_CLI, KILL_GRACE_MS: '300' };
    const first = await spawnServer(env);
    try {
      const post = (p: string, json: unknown) =>
        fetch(first.url + p, { method: 'POST', body: JSON.stringify(json), headers: { 'content-type': 'application/json' } });
      const { session } = await (await post('/api/v1/sessions', {})).json();
      const turn = post(`/api/v1/sessions/${session.id}/messages`, { prompt: 'SLOW 10 150' });
      await readPid(path.join(session.workspace, '.fixture-pid'));
      const err = await spawnServer(env).catch((e: Error) => e);
      expect(err).toBeInstanceOf(Error);
      const said = (err as Error).message;
      expect(said).toContain(`another claude-code-api (pid ${first.child.pid}) is using this STATE_DIR`);
      expect(said).not.toMatch(/\n\s+at /); // one line, not a stack trace
      const reply = await (await turn).json();
      expect(reply.status).toBe('completed');
    } finally {
      first.child.kill('SIGTERM');
      await first.exited;
    }
    // Once the first has stopped, the state is free again.
    const again = await spawnServer(env);
    again.child.kill('SIGTERM');
    expect(await again.exited).toEqual({ code: 0, signal: null });
  });

  it('says in one line that the port is taken, before touching the state', async () => {
    const first = await spawnServer({ WORKSPACE_ROOT: path.join(root, 'a'), HOME: root, CLAUDE_BIN: FIXTURE_CLI });
    try {
      const port = new URL(first.url).port;
      const err = await spawnServer({ WORKSPACE_ROOT: path.join(root, 'b'), HOME: root, CLAUDE_BIN: FIXTURE_CLI, PORT: port }).catch((e: Error) => e);
      expect((err as Error).message).toContain(`127.0.0.1:${port} is already in use`);
      expect((err as Error).message).not.toMatch(/\n\s+at /);
    } finally {
      first.child.kill('SIGTERM');
      await first.exited;
    }
  });
});

describe('session slots', () => {
  const A = 'sk-slots-alice-0001';
  const B = 'sk-slots-bob-00001';
  const C = 'sk-slots-carol-0001';
  const as = (key: string) => ({ headers: { 'x-api-key': key }, json: {} });

  it('counts creates under way against the key cap: 16 parallel creates never overshoot it', async () => {
    const t = await startTestServer({ API_KEYS: `alice:${A}`, MAX_SESSIONS_PER_KEY: '5', MAX_SESSIONS: '100' });
    try {
      const statuses = await Promise.all(Array.from({ length: 16 }, async () => (await t.api('/api/v1/sessions', as(A))).status));
      expect(statuses.filter((s) => s === 201)).toHaveLength(5);
      expect(statuses.filter((s) => s === 429)).toHaveLength(11);
      expect((await (await t.api('/api/v1/sessions', { headers: { 'x-api-key': A } })).json()).sessions).toHaveLength(5);
    } finally {
      await t.close();
    }
  });

  it('keeps the last fifth of MAX_SESSIONS for keys below their fair share', async () => {
    const t = await startTestServer({ API_KEYS: `alice:${A},bob:${B},carol:${C}`, MAX_SESSIONS_PER_KEY: '10', MAX_SESSIONS: '10' });
    try {
      const make = async (key: string) => (await t.api('/api/v1/sessions', as(key))).status;
      const alice: number[] = [];
      for (let i = 0; i < 10; i++) alice.push(await make(A));
      // Alice alone may fill 8 of 10; then only keys below their share get in.
      expect(alice.filter((s) => s === 201)).toHaveLength(8);
      expect(await make(B)).toBe(201);
      expect(await make(C)).toBe(201);
      const full = await t.api('/api/v1/sessions', as(B));
      expect(full.status).toBe(429);
      expect((await full.json()).error.message).toMatch(/server holds its maximum of 10/);
    } finally {
      await t.close();
    }
  });

  it('without API keys, MAX_SESSIONS is the one cap (as /health says), not the per-key one', async () => {
    const t = await startTestServer({ MAX_SESSIONS_PER_KEY: '2', MAX_SESSIONS: '4' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await t.api('/api/v1/sessions', { json: {} })).status);
      expect(statuses).toEqual([201, 201, 201, 201, 429]);
      expect((await (await t.api('/health')).json()).limits.maxSessions).toBe(4);
    } finally {
      await t.close();
    }
  });
});

describe('models', () => {
  it("accepts the CLI's aliases and any full Claude model id by default, passed on as given", async () => {
    const t = await startTestServer({});
    try {
      for (const model of ['claude-3-opus-20240229', 'claude-sonnet-4-5-20250929', 'opusplan', 'sonnet[1m]']) {
        const res = await t.api('/api/v1/sessions', { json: { model, permissionMode: 'default', initialPrompt: 'ARGV' } });
        expect(res.status, model).toBe(201);
        const body = await res.json();
        expect(body.session.model).toBe(model);
        expect(body.response).toContain(`"--model","${model}"`);
      }
      for (const model of ['gpt-4', '--help', 'claude-', 'x'.repeat(300)]) {
        const res = await t.api('/api/v1/sessions', { json: { model } });
        expect(res.status, model).toBe(400);
      }
    } finally {
      await t.close();
    }
  });

  it('MODELS restricts', async () => {
    const t = await startTestServer({ MODELS: 'sonnet,claude-sonnet-4-5-20250929' });
    try {
      expect((await t.api('/api/v1/sessions', { json: { model: 'claude-sonnet-4-5-20250929' } })).status).toBe(201);
      expect((await t.api('/api/v1/sessions', { json: { model: 'opus' } })).status).toBe(400);
    } finally {
      await t.close();
    }
  });
});

describe('errors a user can act on', () => {
  it('asks `claude --version` again until it answers, so /health does not say null for ever', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cca-version-'));
    try {
      // A CLI whose first --version fails (a cold start past the timeout, say).
      const bin = path.join(dir, 'claude');
      const marker = path.join(dir, 'asked');
      await writeFile(bin, `#!/bin/sh\nif [ "$1" = --version ] && [ ! -e ${marker} ]; then : > ${marker}; exit 1; fi\nexec ${FIXTURE_CLI} "$@"\n`, { mode: 0o755 });
      const t = await startTestServer({ CLAUDE_BIN: bin });
      try {
        expect(await waitFor(async () => (await (await t.api('/health')).json()).cliVersion, 5_000)).toContain('fixture');
      } finally {
        await t.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('without any Anthropic credential: a warning at start, and turns fail with CLI_NOT_AUTHENTICATED saying what to set', async () => {
    const lines: string[] = [];
    const t = await startTestServer(
      (root) => ({ ...cliEnv({ baseUrl: 'https://api.anthropic.com', home: root }), ANTHROPIC_BASE_URL: '', ANTHROPIC_API_KEY: '', CLAUDE_BIN, LOG_LEVEL: 'info' }),
      { logSink: { write: (l: string) => void lines.push(l) } },
    );
    try {
      expect(lines.join('')).toContain('no Anthropic credential');
      expect((await (await t.api('/health')).json()).gateway.credential).toBe('none');
      const created = await (await t.api('/api/v1/sessions', { json: { initialPrompt: 'hello' } })).json();
      expect(created.turn.error.code).toBe('CLI_NOT_AUTHENTICATED');
      const res = await t.api(`/api/v1/sessions/${created.session.id}/messages`, { json: { prompt: 'hello' } });
      const body = await res.json();
      expect(res.status).toBe(503);
      expect(body.error.code).toBe('CLI_NOT_AUTHENTICATED');
      expect(body.error.message).toContain('ANTHROPIC_API_KEY');
      // Failed turns are logged at warn.
      expect(lines.some((l) => l.includes('"level":40') && l.includes('turn finished'))).toBe(true);
    } finally {
      await t.close();
    }
  });
});

describe('memory per session is bounded in bytes', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'cca-memory-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('40 turns of 2 MB answers over 4 sessions: a 192 MB heap survives, RSS stays bounded, replay still has everything', { timeout: 60_000 }, async () => {
    const srv = await spawnServer({
      WORKSPACE_ROOT: path.join(root, 'ws'),
      HOME: root,
      CLAUDE_BIN: FIXTURE_CLI,
      NODE_OPTIONS: '--max-old-space-size=192',
      BODY_LIMIT_BYTES: '1048576',
    });
    try {
      const post = async (p: string, json: unknown) =>
        (await fetch(srv.url + p, { method: 'POST', body: JSON.stringify(json), headers: { 'content-type': 'application/json' } })).json();
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) ids.push((await post('/api/v1/sessions', {})).session.id);
      let lastTurnOfFirst = 0;
      for (let turn = 0; turn < 10; turn++) {
        for (const id of ids) {
          const reply = await post(`/api/v1/sessions/${id}/messages`, { prompt: 'BIG 2048' });
          if (id === ids[0]) lastTurnOfFirst = reply.events[0].id;
          expect(reply.status).toBe('completed');
          expect(reply.response.length).toBeGreaterThan(2_000_000);
        }
      }
      const rssMb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${srv.child.pid}/status`, 'utf8'))![1]) / 1024;
      expect(rssMb).toBeLessThan(400); // 805 MB before the byte bounds
      // What left memory is still served, from the history file: the last turn, 2 MB answer and all.
      const events = await fetch(`${srv.url}/api/v1/sessions/${ids[0]}/events?after=${lastTurnOfFirst - 1}`);
      const text = await readSseText(events, 'turn_finished', 1);
      expect(text).toContain(`id: ${lastTurnOfFirst}\n`);
      expect(text.length).toBeGreaterThan(2_000_000);
    } finally {
      srv.child.kill('SIGTERM');
      await srv.exited;
    }
  });
});

/** Reads an SSE body until `event` was seen `count` times, then stops. */
async function readSseText(res: Response, event: string, count: number): Promise<string> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (text.split(`event: ${event}`).length - 1 < count) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  await reader.cancel();
  return text;
}

describe('the server says what the document says', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({});
  });
  afterAll(async () => {
    await s.close();
  });

  it('answers a known path with an unsupported method 405, with Allow', async () => {
    const { session } = await (await s.api('/api/v1/sessions', { json: {} })).json();
    for (const [method, p, allow] of [
      ['PUT', '/api/v1/sessions', 'POST, GET, HEAD'],
      ['PUT', `/api/v1/sessions/${session.id}`, 'GET, PATCH, DELETE, HEAD'],
      ['DELETE', '/sessions', 'POST, GET, HEAD'],
    ] as const) {
      const res = await fetch(s.url + p, { method });
      expect(res.status, `${method} ${p}`).toBe(405);
      expect(res.headers.get('allow')).toBe(allow);
      expect((await res.json()).error.code).toBe('METHOD_NOT_ALLOWED');
    }
    expect((await fetch(`${s.url}/api/v1/nothing-here`, { method: 'PUT' })).status).toBe(404);
  });

  it("documents a running turn's usage as it is (no usage yet: null)", async () => {
    const { session } = await (await s.api('/api/v1/sessions', { json: {} })).json();
    const turn = s.api(`/api/v1/sessions/${session.id}/messages`, { json: { prompt: 'SLOW 5 100' } });
    await waitFor(async () => (await (await s.api(`/api/v1/sessions/${session.id}`)).json()).session.status === 'running');
    // The harness checks this reply against the document.
    const usage = await (await s.api(`/api/v1/sessions/${session.id}/usage`)).json();
    expect(usage.turns.at(-1)).toMatchObject({ usage: null });
    expect((await turn).status).toBe(200);
  });

  it('refuses dates that are not calendar days, and event ids past 2^53', async () => {
    expect((await s.api('/api/v1/usage?from=2026-02-31')).status).toBe(400);
    expect((await s.api('/api/v1/usage?from=2026-02-28&to=2026-03-01')).status).toBe(200);
    const { session } = await (await s.api('/api/v1/sessions', { json: {} })).json();
    expect((await s.api(`/api/v1/sessions/${session.id}/events?after=9007199254740993`)).status).toBe(400);
  });
});

describe('logs', () => {
  it('LOG_FORMAT=pretty writes lines for people (auto does so on a terminal), json stays JSON', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cca-logs-'));
    const run = async (format: string) => {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'src', 'main.ts')], {
        cwd: REPO_ROOT,
        env: { PATH: process.env.PATH ?? '', PORT: '0', SANDBOX: 'none', WORKSPACE_ROOT: path.join(dir, format), HOME: dir, CLAUDE_BIN: FIXTURE_CLI, LOG_FORMAT: format },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout!.on('data', (d: Buffer) => (out += d));
      await waitFor(() => out.includes('listening'), 20_000);
      child.kill('SIGTERM');
      await once(child, 'exit');
      return out;
    };
    try {
      const prettyOut = await run('pretty');
      expect(prettyOut).toMatch(/INFO.*listening/);
      expect(prettyOut).not.toContain('{"level"');
      const jsonOut = await run('json');
      for (const line of jsonOut.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
