import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAUDE_BIN, cliEnv } from '../support/cli-env.js';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.js';
import { isRunning, waitFor } from '../support/harness.js';
import { cliProcessesIn } from '../support/processes.js';
import { spawnServer, type ServerProcess } from '../support/server-process.js';

// Restarts with the REAL CLI mid-turn: the next turn still sees the earlier prompts.

let model: FakeAnthropic;
let root: string;
beforeAll(async () => {
  model = await startFakeAnthropic();
  root = await mkdtemp(path.join(os.tmpdir(), 'cca-real-restart-'));
});
afterAll(async () => {
  await model.close();
  await rm(root, { recursive: true, force: true });
});

const post = async (srv: ServerProcess, p: string, json: unknown) =>
  (await fetch(srv.url + p, { method: 'POST', body: JSON.stringify(json), headers: { 'content-type': 'application/json' } })).json();
const get = async (srv: ServerProcess, p: string) => (await fetch(srv.url + p)).json();

describe.each([
  ['SIGKILL', 'none'],
  ['SIGTERM', 'none'],
  ['SIGKILL', 'bwrap'],
  ['SIGTERM', 'bwrap'],
] as const)('server %s mid-turn with the real CLI (SANDBOX=%s)', (signal, sandbox) => {
  it('loses no session, leaves no CLI, and keeps the conversation', async () => {
    const dir = path.join(root, `${signal}-${sandbox}`);
    const env = { ...cliEnv({ baseUrl: model.url, home: dir }), CLAUDE_BIN, WORKSPACE_ROOT: path.join(dir, 'ws'), KILL_GRACE_MS: '1000', SANDBOX: sandbox };
    let srv = await spawnServer(env);
    const session = (await post(srv, '/api/v1/sessions', { initialPrompt: 'the password is swordfish' })).session;
    const pending = post(srv, `/api/v1/sessions/${session.id}/messages`, { prompt: 'SLOW 200 50' }).catch(() => null);
    await waitFor(async () => (await get(srv, `/api/v1/sessions/${session.id}`)).session.status === 'running', 10_000);
    const before = await waitFor(() => {
      const pids = cliProcessesIn(session.workspace);
      return pids.length ? pids : null;
    }, 10_000);
    await new Promise((r) => setTimeout(r, 300));
    srv.child.kill(signal);
    await srv.exited;
    await pending;

    srv = await spawnServer(env);
    try {
      for (const pid of before!) await waitFor(() => !isRunning(pid), 5000);
      const listed = (await get(srv, '/api/v1/sessions')).sessions.map((s: { id: string }) => s.id);
      expect(listed).toEqual([session.id]);
      const turns = (await get(srv, `/api/v1/sessions/${session.id}/messages`)).turns;
      expect(turns.map((t: { status: string }) => t.status)).toEqual(['completed', 'interrupted']);
      const recall = await post(srv, `/api/v1/sessions/${session.id}/messages`, { prompt: 'RECALL' });
      expect(recall.status).toBe('completed');
      expect(recall.response).toMatch(/^recall: the password is swordfish/);
    } finally {
      srv.child.kill('SIGTERM');
      await srv.exited;
    }
  });
});

describe('a parked warm CLI in its sandbox when the server is killed', () => {
  it('is ended gently when the server is killed (by the spawn helper, or by the next server), and the conversation goes on', async () => {
    const dir = path.join(root, 'warm-bwrap');
    const env = { ...cliEnv({ baseUrl: model.url, home: dir }), CLAUDE_BIN, WORKSPACE_ROOT: path.join(dir, 'ws'), SANDBOX: 'bwrap', PROCESS_MODE: 'warm' };
    let srv = await spawnServer(env);
    const session = (await post(srv, '/api/v1/sessions', { initialPrompt: 'the password is swordfish' })).session;
    expect((await post(srv, `/api/v1/sessions/${session.id}/messages`, { prompt: 'and the door is blue' })).status).toBe('completed');
    const parked = cliProcessesIn(session.workspace);
    expect(parked.length).toBeGreaterThan(0);
    srv.child.kill('SIGKILL');
    await srv.exited;
    srv = await spawnServer(env);
    try {
      // SIGTERM first, so the CLI writes out its transcript: by the spawn helper as soon as the server is gone
      // (SPAWN_HELPER=off: by the next server, which ends what outlived the last one).
      for (const pid of parked) await waitFor(() => !isRunning(pid), 5000);
      const recall = await post(srv, `/api/v1/sessions/${session.id}/messages`, { prompt: 'RECALL' });
      expect(recall.status).toBe('completed');
      expect(recall.response).toBe('recall: the password is swordfish | and the door is blue');
    } finally {
      srv.child.kill('SIGTERM');
      await srv.exited;
    }
  });
});
