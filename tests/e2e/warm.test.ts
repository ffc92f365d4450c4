import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAUDE_BIN, cliEnv } from '../support/cli-env.js';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.js';
import { isRunning, startTestServer, waitFor, type TestServer } from '../support/harness.js';
import { cliProcessesIn } from '../support/processes.js';
import { spawnServer } from '../support/server-process.js';

// Warm mode: one CLI per session kept alive between turns, bounded by WARM_IDLE_MS and MAX_WARM_PROCESSES.

let model: FakeAnthropic;
let s: TestServer;
beforeAll(async () => {
  model = await startFakeAnthropic();
  s = await startTestServer((root) => ({
    ...cliEnv({ baseUrl: model.url, home: root }),
    CLAUDE_BIN,
    PROCESS_MODE: 'warm',
    WARM_IDLE_MS: '1500',
    MAX_WARM_PROCESSES: '1',
    SANDBOX: 'bwrap',
  }));
});
afterAll(async () => {
  await s?.close();
  await model?.close();
});

const pidOf = (reply: { events: Array<{ type: string; pid?: number }> }) => reply.events.find((e) => e.type === 'process_started')!.pid!;
async function send(id: string, prompt: string) {
  return (await s.api(`/api/v1/sessions/${id}/messages`, { json: { prompt } })).json();
}

describe('warm mode', () => {
  it('answers consecutive turns from one live process, then respawns with --continue after WARM_IDLE_MS', async () => {
    const { session } = await (await s.api('/api/v1/sessions', { json: { processMode: 'warm' } })).json();
    expect(session.processMode).toBe('warm');
    const t1 = await send(session.id, 'first fact: cobalt');
    const t2 = await send(session.id, 'second fact: amber');
    expect(pidOf(t2)).toBe(pidOf(t1));
    expect(isRunning(pidOf(t1))).toBe(true);
    expect((await (await s.api('/api/v1/health')).json()).sessions).toBeDefined();
    await waitFor(() => !isRunning(pidOf(t1)), 5000);
    const t3 = await send(session.id, 'RECALL');
    expect(pidOf(t3)).not.toBe(pidOf(t1));
    expect(t3.response).toBe('recall: first fact: cobalt | second fact: amber');
    await s.api(`/api/v1/sessions/${session.id}`, { method: 'DELETE' });
    await waitFor(() => !isRunning(pidOf(t3)), 3000);
  });

  it('ends the least recently used warm process past MAX_WARM_PROCESSES, and kills it on delete', async () => {
    const a = (await (await s.api('/api/v1/sessions', { json: {} })).json()).session;
    const b = (await (await s.api('/api/v1/sessions', { json: {} })).json()).session;
    const pa = pidOf(await send(a.id, 'hello a'));
    expect(isRunning(pa)).toBe(true);
    const pb = pidOf(await send(b.id, 'hello b'));
    await waitFor(() => !isRunning(pa), 3000); // MAX_WARM_PROCESSES=1: a's process made room for b's
    expect(isRunning(pb)).toBe(true);
    await s.api(`/api/v1/sessions/${b.id}`, { method: 'DELETE' });
    await waitFor(() => !isRunning(pb), 3000);
    await s.api(`/api/v1/sessions/${a.id}`, { method: 'DELETE' });
  });

  it('keeps per-message options apart: a turn without partial=true gets no deltas, an ask turn asks', async () => {
    const { session } = await (await s.api('/api/v1/sessions', { json: { processMode: 'warm' } })).json();
    const plain = await send(session.id, 'DELTAS 5');
    expect(plain.events.some((e: { type: string }) => e.type === 'stream_event')).toBe(false);
    const asked = s.api(`/api/v1/sessions/${session.id}/messages`, { json: { prompt: 'WRITE w.txt x', permissionPolicy: 'ask' } });
    const pending = await waitFor(async () => {
      const p = (await (await s.api(`/api/v1/sessions/${session.id}/permissions`)).json()).permissions;
      return p.length ? p : null;
    });
    await s.api(`/api/v1/sessions/${session.id}/permissions/${pending[0].requestId}`, { json: { decision: 'deny', message: 'no' } });
    expect((await (await asked).json()).response).toBe('tool error: no');
    const denied = await send(session.id, 'WRITE w2.txt y'); // policy deny: denied without asking
    expect(denied.response).toMatch(/^tool error: Write is not allowed/);
    await s.api(`/api/v1/sessions/${session.id}`, { method: 'DELETE' });
  });
});

describe('warm mode and restarts', () => {
  it('kills a warm process left by a server that was SIGKILLed, and the conversation goes on', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'cca-warm-restart-'));
    const env = { ...cliEnv({ baseUrl: model.url, home: root }), CLAUDE_BIN, WORKSPACE_ROOT: path.join(root, 'ws'), PROCESS_MODE: 'warm' };
    try {
      let srv = await spawnServer(env);
      const post = async (p: string, json: unknown) =>
        (await fetch(srv.url + p, { method: 'POST', body: JSON.stringify(json), headers: { 'content-type': 'application/json' } })).json();
      const { session } = await post('/api/v1/sessions', { initialPrompt: 'remember walrus' });
      const warm = (await waitFor(() => {
        const p = cliProcessesIn(session.workspace);
        return p.length ? p : null;
      }))!;
      await new Promise((r) => setTimeout(r, 200)); // let the record note the parked pid
      srv.child.kill('SIGKILL');
      await srv.exited;
      // The orphan may already be leaving by itself (its stdin closed with the server): either way
      // the restart must leave none behind, and the conversation must go on.
      srv = await spawnServer(env);
      try {
        await waitFor(() => !isRunning(warm[0]!), 5000);
        const recall = await post(`/api/v1/sessions/${session.id}/messages`, { prompt: 'RECALL' });
        expect(recall.response).toBe('recall: remember walrus');
      } finally {
        srv.child.kill('SIGTERM');
        await srv.exited;
      }
      expect(cliProcessesIn(session.workspace)).toEqual([]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
