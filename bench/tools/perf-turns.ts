/**
 * Profiling aid (not part of `npm run bench`): Linux `perf` over the compiled server during N
 * turns of one session (kernel and native frames included, JS named via --perf-basic-prof).
 *   MODE=warm|per-turn node --import tsx bench/tools/perf-turns.ts [turns]   → /tmp/cca-perf.data
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { buildService } from '../support/build.js';
import { JsonClient } from '../support/http.js';
import { readCpu, readServiceCpu } from '../support/procfs.js';
import { startStack } from '../support/stack.js';

const turns = Number(process.argv[2] ?? 30);
const mode = process.env.MODE ?? 'warm';
const build = await buildService();
const stack = await startStack({ entry: build.entry, nodeArgs: ['--perf-basic-prof-only-functions'], serverEnv: { SANDBOX: process.env.SANDBOX ?? 'bwrap' } });
const client = new JsonClient(stack.api);
try {
  await new Promise((r) => setTimeout(r, 1500));
  const r = await client.post<{ session: { id: string } }>('/sessions', { processMode: mode });
  const id = r.body.session.id;
  await client.post(`/sessions/${id}/messages`, { prompt: 'hello 0' });
  const perf = spawn('perf', ['record', '-F', '1999', '-g', '-p', String(stack.serverPid), '-o', '/tmp/cca-perf.data'], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 500));
  const c0 = readServiceCpu(stack.serverPid).selfMs;
  for (let i = 1; i <= turns; i++) await client.post(`/sessions/${id}/messages`, { prompt: `hello ${i}` });
  const c1 = readServiceCpu(stack.serverPid).selfMs;
  perf.kill('SIGINT');
  await once(perf, 'exit');
  console.log(`${mode}: ${((c1 - c0) / turns).toFixed(1)} ms server CPU per turn over ${turns} turns`);
} finally {
  client.close();
  await stack.close();
  await build.remove();
}
