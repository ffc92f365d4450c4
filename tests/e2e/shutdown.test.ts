import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_CLI, isRunning, readPid, SseReader, waitFor } from '../support/harness.js';
import { spawnServer } from '../support/server-process.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'cca-shutdown-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('SIGTERM', () => {
  it('interrupts running turns, kills what ignores it, leaves no child and exits 0', async () => {
    const srv = await spawnServer({
      WORKSPACE_ROOT: root,
      HOME: root,
      CLAUDE_BIN: FIXTURE_CLI,
      KILL_GRACE_MS: '500',
      SHUTDOWN_GRACE_MS: '1500',
    });
    const post = (p: string, json: unknown) =>
      fetch(srv.url + p, { method: 'POST', body: JSON.stringify(json), headers: { 'content-type': 'application/json' } });
    const a = (await (await post('/api/v1/sessions', {})).json()).session;
    const b = (await (await post('/api/v1/sessions', {})).json()).session;
    const slow = await post(`/api/v1/sessions/${a.id}/messages`, { prompt: 'SLOW 100 100', stream: true });
    const stubborn = post(`/api/v1/sessions/${b.id}/messages`, { prompt: 'IGNORETERM' });
    const pids = [await readPid(path.join(a.workspace, '.fixture-pid')), await readPid(path.join(b.workspace, '.fixture-pid'))];
    const sse = new SseReader(slow);
    await sse.until((m) => m.event === 'assistant');

    const started = Date.now();
    srv.child.kill('SIGTERM');
    const events = await sse.rest();
    expect(events.find((e) => e.event === 'turn_finished')?.data.status).toBe('interrupted');
    expect(events.at(-1)?.event).toBe('done');
    expect((await (await stubborn).json()).status).toBe('interrupted');
    const exit = await srv.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(5000);
    for (const pid of pids) await waitFor(() => !isRunning(pid), 2000);
    expect(srv.output()).toContain('"msg":"stopped"');
  });
});
