/**
 * Profiling aid (not part of `npm run bench`): what a session's creation plus its first turn costs
 * the server when a pre-started CLI is waiting (PREWARM_PROCESSES=1, SANDBOX=bwrap, compiled
 * server under `--cpu-prof` unless NO_PROF=1). N rounds, each after the pool has refilled, as the
 * prestart scenario does; prints the server's CPU per round (10 ms ticks) and leaves the profile
 * in PROF_DIR (/tmp/cca-prof-first) for bench/tools/top-functions.ts (SKIP_MS to skip start-up).
 *   node --import tsx bench/tools/profile-first-turns.ts [rounds]
 */
import { mkdir } from 'node:fs/promises';
import { buildService } from '../support/build.js';
import { JsonClient } from '../support/http.js';
import { readServiceCpu } from '../support/procfs.js';
import { startStack } from '../support/stack.js';

const rounds = Number(process.argv[2] ?? 10);
const profDir = process.env.PROF_DIR ?? '/tmp/cca-prof-first';
await mkdir(profDir, { recursive: true });
const build = await buildService();
const nodeArgs = process.env.NO_PROF ? [] : ['--cpu-prof', `--cpu-prof-dir=${profDir}`, '--cpu-prof-interval=500'];
const stack = await startStack({ entry: build.entry, nodeArgs, maxConcurrentTurns: 2, serverEnv: { SANDBOX: 'bwrap', PREWARM_PROCESSES: '1' } });
const client = new JsonClient(stack.api);
try {
  const cpu: number[] = [];
  const windows: string[] = [];
  for (let i = 0; i <= rounds; i++) {
    for (const deadline = Date.now() + 60_000; ; ) {
      const h = await client.get<{ prestart: { target: number; ready: number } }>('/health');
      if (h.body.prestart.ready >= h.body.prestart.target) break;
      if (Date.now() > deadline) throw new Error('the pool did not refill');
      await new Promise((r) => setTimeout(r, 50));
    }
    const c0 = readServiceCpu(stack.serverPid).selfMs;
    const t0 = performance.now();
    const created = await client.post<{ session: { id: string } }>('/sessions', {});
    const r = await client.post<{ status: string }>(`/sessions/${created.body.session.id}/messages`, { prompt: `hello ${i}` });
    if (r.body.status !== 'completed') throw new Error(JSON.stringify(r.body));
    if (i > 0) {
      cpu.push(readServiceCpu(stack.serverPid).selfMs - c0);
      windows.push(`${(performance.now() - t0).toFixed(0)} ms`);
    }
    await client.delete(`/sessions/${created.body.session.id}`);
  }
  cpu.sort((a, b) => a - b);
  console.log(`create + first turn, server CPU per round (ms): ${cpu.join(' ')}; median ${cpu[cpu.length >> 1]}; latencies ${windows.join(' ')}`);
} finally {
  client.close();
  await stack.close();
  await build.remove();
}
