/**
 * Profiling aid (not part of `npm run bench`): the compiled server under `--cpu-prof` (unless
 * NO_PROF=1) served ROUTE (default /health; `session` = GET /sessions/:id) by autocannon for
 * SECONDS, with the control-plane scenario's settings (API key, rate limits on, access log at info).
 * Prints requests/s and the server's CPU µs per request; profiles land in PROF_DIR (/tmp/cca-prof-cp).
 *   node --import tsx bench/tools/profile-control.ts
 */
import { mkdir } from 'node:fs/promises';
import autocannon from 'autocannon';
import { buildService } from '../support/build.js';
import { readCpu } from '../support/procfs.js';
import { startStack } from '../support/stack.js';

const API_KEY = 'bench-key-0123456789abcdef';
const profDir = process.env.PROF_DIR ?? '/tmp/cca-prof-cp';
const seconds = Number(process.env.SECONDS_RUN ?? 5);

async function main(): Promise<void> {
  await mkdir(profDir, { recursive: true });
  const build = await buildService();
  const nodeArgs = process.env.NO_PROF ? [] : ['--cpu-prof', `--cpu-prof-dir=${profDir}`];
  const stack = await startStack({
    entry: build.entry,
    nodeArgs,
    logLevel: 'info',
    logFile: `${profDir}/server.log`,
    serverEnv: { API_KEYS: `bench:${API_KEY}`, RATE_LIMIT_MAX: '1000000000', RATE_LIMIT_TURNS_MAX: '1000000000', SANDBOX: 'none', ...(process.env.EXTRA ? (JSON.parse(process.env.EXTRA) as Record<string, string>) : {}) },
  });
  try {
    const created = await fetch(`${stack.api}/sessions`, { method: 'POST', headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' }, body: '{}' });
    const { session } = (await created.json()) as { session: { id: string } };
    const route = process.env.ROUTE === 'session' ? `/sessions/${session.id}` : '/health';
    const run = (duration: number) =>
      autocannon({ url: stack.api + route, connections: 10, duration, headers: { 'x-api-key': API_KEY } });
    await run(1);
    const c0 = readCpu(stack.serverPid);
    const r = await run(seconds);
    const c1 = readCpu(stack.serverPid);
    const cpuMs = c1.selfMs - c0.selfMs;
    console.log(`${route}: ${r.requests.average.toFixed(0)} req/s, non-2xx ${r.non2xx}, server CPU ${((cpuMs * 1000) / r.requests.total).toFixed(1)} µs/request`);
  } finally {
    await stack.close();
  }
}
await main();
