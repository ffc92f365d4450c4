import { mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAUDE_BIN, cliEnv } from '../support/cli-env.js';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.js';
import { FIXTURE_CLI, startTestServer, type TestServer } from '../support/harness.js';
import { spawnServer, type ServerProcess } from '../support/server-process.js';

// SANDBOX=auto on a host without bubblewrap, SANDBOX=bwrap that cannot start, and a sandbox
// that fails at launch: never an unsandboxed run that was not the operator's explicit choice.

let root: string;
// A PATH with node (for the fixture CLI's shebang) and nothing else: no bwrap, no socat.
let bareBin: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'cca-sandbox-modes-'));
  bareBin = path.join(root, 'bin');
  await import('node:fs/promises').then((fs) => fs.mkdir(bareBin));
  await symlink(process.execPath, path.join(bareBin, 'node'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const json = async (srv: ServerProcess, p: string, body?: unknown) => {
  const res = await fetch(srv.url + p, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  return { status: res.status, body: await res.json() };
};

describe('SANDBOX=auto on a host without bubblewrap', () => {
  let srv: ServerProcess;
  beforeAll(async () => {
    srv = await spawnServer({
      PATH: bareBin,
      SANDBOX: 'auto',
      WORKSPACE_ROOT: path.join(root, 'auto'),
      HOME: root,
      CLAUDE_BIN: FIXTURE_CLI,
      ALLOW_BYPASS_PERMISSIONS: 'true',
    });
  });
  afterAll(async () => {
    srv.child.kill('SIGTERM');
    await srv.exited;
  });

  it('says so at start and in /health', async () => {
    expect(srv.output()).toContain('SANDBOX=auto: no working sandbox on this host');
    const { body } = await json(srv, '/health');
    expect(body.sandbox).toMatchObject({ mode: 'none', requested: 'auto', network: 'host', reason: 'bubblewrap (bwrap) is not installed' });
  });

  it('runs sessions that cannot run commands', async () => {
    const created = await json(srv, '/api/v1/sessions', { permissionMode: 'acceptEdits', allowedTools: ['Write', 'Read'], initialPrompt: 'hello' });
    expect(created.status).toBe(201);
    expect(created.body.turn.status).toBe('completed');
  });

  it('refuses, with SANDBOX_UNAVAILABLE, every way a session could run a command', async () => {
    for (const body of [{ allowedTools: ['Bash'] }, { allowedTools: ['Bash(git status:*)'] }, { permissionPolicy: 'ask' }, { permissionPolicy: ['Bash'] }, { permissionMode: 'bypassPermissions' }]) {
      const r = await json(srv, '/api/v1/sessions', body);
      expect(r.status, JSON.stringify(body)).toBe(503);
      expect(r.body.error.code).toBe('SANDBOX_UNAVAILABLE');
      expect(r.body.error.message).toContain('SANDBOX=none');
    }
    const plain = (await json(srv, '/api/v1/sessions', {})).body.session;
    const ask = await json(srv, `/api/v1/sessions/${plain.id}/messages`, { prompt: 'hi', permissionPolicy: 'ask' });
    expect(ask.body.error.code).toBe('SANDBOX_UNAVAILABLE');
    const mode = await json(srv, `/api/v1/sessions/${plain.id}/permission-mode`, { mode: 'bypassPermissions' });
    expect(mode.body.error?.code).toBe('SANDBOX_UNAVAILABLE');
    // Nothing was left behind by the refusals.
    expect((await json(srv, '/api/v1/sessions')).body.sessions).toHaveLength(2);
  });
});

describe('SANDBOX=bwrap where bubblewrap cannot run', () => {
  it('does not start, and says why', async () => {
    const err = await spawnServer({ PATH: bareBin, SANDBOX: 'bwrap', WORKSPACE_ROOT: path.join(root, 'strict'), HOME: root, CLAUDE_BIN: FIXTURE_CLI }).catch(
      (e: Error) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain('SANDBOX=bwrap, but bubblewrap cannot run here: bubblewrap (bwrap) is not installed');
  });
});

describe('SANDBOX=none, chosen by the operator', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ SANDBOX: 'none' });
  });
  afterAll(async () => {
    await s.close();
  });

  it('runs sessions that can run commands, and /health says nothing confines them', async () => {
    const res = await s.api('/api/v1/sessions', { json: { allowedTools: ['Bash'], initialPrompt: 'hello' } });
    expect(res.status).toBe(201);
    expect((await (await s.api('/health')).json()).sandbox).toMatchObject({ mode: 'none', requested: 'none', reason: 'SANDBOX=none' });
  });
});

describe('a sandbox that fails at launch', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ SANDBOX: 'bwrap' });
  });
  afterAll(async () => {
    await s.close();
  });

  it('fails the turn with SANDBOX_FAILED and the reason, and the session goes on', async () => {
    const { session } = await (await s.api('/api/v1/sessions', { json: {} })).json();
    // The workspace vanished under the service: bwrap cannot mount it.
    await rm(session.workspace, { recursive: true, force: true });
    const res = await s.api(`/api/v1/sessions/${session.id}/messages`, { json: { prompt: 'hello' } });
    expect(res.status).toBe(502);
    const { error } = await res.json();
    expect(error.code).toBe('SANDBOX_FAILED');
    expect(error.message).toMatch(/the sandbox could not start: .*No such file or directory/);
    await import('node:fs/promises').then((fs) => fs.mkdir(session.workspace));
    const again = await s.api(`/api/v1/sessions/${session.id}/messages`, { json: { prompt: 'hello' } });
    expect((await again.json()).response).toBe('fixture: hello');
  });
});

describe('SANDBOX_BRIDGE=socat (what a host without a C compiler runs)', () => {
  let s: TestServer;
  let model: FakeAnthropic;
  beforeAll(async () => {
    model = await startFakeAnthropic();
    s = await startTestServer((home) => ({ ...cliEnv({ baseUrl: model.url, home }), CLAUDE_BIN, ANTHROPIC_API_KEY: 'sk-ant-operator-0001', SANDBOX: 'bwrap', SANDBOX_BRIDGE: 'socat' }));
  }, 60_000);
  afterAll(async () => {
    await s?.close();
    await model?.close();
  });

  it('carries the real CLI to the model through socat, turn after turn, and /health says so', async () => {
    expect((await (await s.api('/health')).json()).sandbox).toMatchObject({ mode: 'bwrap', bridge: 'socat' });
    const created = await (await s.api('/api/v1/sessions', { json: { initialPrompt: 'first' } })).json();
    expect(created.turn.response).toBe('echo: first');
    const next = await (await s.api(`/api/v1/sessions/${created.session.id}/messages`, { json: { prompt: 'second' } })).json();
    expect(next.response).toBe('echo: second');
    // Through the gateway: the operator's key went upstream, never the session's token.
    const sent = model.requests.filter((r) => r.path.startsWith('/v1/messages'));
    expect(sent.length).toBeGreaterThanOrEqual(2);
    for (const r of sent) expect(r.headers['x-api-key']).toBe('sk-ant-operator-0001');
  });
});
