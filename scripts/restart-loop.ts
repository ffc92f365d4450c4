// Kill -9 the server mid-turn N times (real CLI, scripted model) and count what was lost.
// Usage: node --import tsx scripts/restart-loop.ts [N]
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CLAUDE_BIN, cliEnv } from '../tests/support/cli-env.js';
import { startFakeAnthropic } from '../tests/support/fake-anthropic.js';
import { isRunning, waitFor } from '../tests/support/harness.js';
import { cliProcessesIn } from '../tests/support/processes.js';
import { spawnServer, type ServerProcess } from '../tests/support/server-process.js';

const N = Number(process.argv[2] ?? 20);
const model = await startFakeAnthropic();
const root = await mkdtemp(path.join(os.tmpdir(), 'cca-restart-loop-'));
const env = { ...cliEnv({ baseUrl: model.url, home: root }), CLAUDE_BIN, WORKSPACE_ROOT: path.join(root, 'ws'), RATE_LIMIT_ENABLED: 'false' };
const call = async (srv: ServerProcess, method: string, p: string, json?: unknown) =>
  (await fetch(srv.url + p, { method, ...(json ? { body: JSON.stringify(json), headers: { 'content-type': 'application/json' } } : {}) })).json();

let srv = await spawnServer(env);
const { session } = await call(srv, 'POST', '/api/v1/sessions', { initialPrompt: 'token-0' });
const tally = { restarts: 0, sessionsLost: 0, orphans: 0, contextSurvived: 0, interruptedRecorded: 0 };
const started = Date.now();
for (let i = 1; i <= N; i++) {
  await call(srv, 'POST', `/api/v1/sessions/${session.id}/messages`, { prompt: `token-${i}` });
  const pending = call(srv, 'POST', `/api/v1/sessions/${session.id}/messages`, { prompt: 'SLOW 200 50' }).catch(() => null);
  const pids = (await waitFor(() => {
    const p = cliProcessesIn(session.workspace);
    return p.length ? p : null;
  }, 10_000))!;
  await new Promise((r) => setTimeout(r, 200 + Math.random() * 300));
  srv.child.kill('SIGKILL');
  await srv.exited;
  await pending;
  srv = await spawnServer(env);
  tally.restarts++;
  await new Promise((r) => setTimeout(r, 300));
  tally.orphans += pids.filter(isRunning).length;
  const listed = (await call(srv, 'GET', '/api/v1/sessions')).sessions.some((s: { id: string }) => s.id === session.id);
  if (!listed) tally.sessionsLost++;
  const last = (await call(srv, 'GET', `/api/v1/sessions/${session.id}/messages?order=desc&limit=1`)).turns[0];
  if (last?.status === 'interrupted') tally.interruptedRecorded++;
  const recall = await call(srv, 'POST', `/api/v1/sessions/${session.id}/messages`, { prompt: 'RECALL' });
  const expected = Array.from({ length: i + 1 }, (_, k) => `token-${k}`);
  if (expected.every((t) => String(recall.response).includes(t))) tally.contextSurvived++;
  console.log(`restart ${i}/${N}: listed=${listed} last=${last?.status} recall-ok=${expected.every((t) => String(recall.response).includes(t))}`);
}
srv.child.kill('SIGTERM');
await srv.exited;
await model.close();
await rm(root, { recursive: true, force: true });
console.log(JSON.stringify({ ...tally, seconds: Math.round((Date.now() - started) / 1000) }));
process.exit(tally.sessionsLost === 0 && tally.orphans === 0 && tally.contextSurvived === N ? 0 : 1);
