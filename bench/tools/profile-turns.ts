/**
 * Profiling aid (not part of `npm run bench`): the compiled server under `--cpu-prof`, N warm
 * turns and N per-turn turns, the server's own CPU per turn from /proc. Profiles land in
 * PROF_DIR (default /tmp/cca-prof); open them in Chrome DevTools or summarise with
 * bench/tools/top-functions.ts.
 *   node --import tsx bench/tools/profile-turns.ts [turns]
 * Env: MODES=warm,per-turn; NO_PROF=1 (CPU figures only); NODE_ARGS (more node flags, after npm start's); PROF_US (sampling interval, µs);
 * STREAM=1 PROMPT="DELTAS 250" (SSE turns with token deltas: the relay path); EXTRA='{"ENV":"…"}' (server env);
 * LEDGER=<keys>x<days> (a usage ledger of that many keys, days and two models each, written before a restart: a service that has run a while).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildService } from '../support/build.js';
import { JsonClient } from '../support/http.js';
import { readServiceCpu, threadTicks as threads } from '../support/procfs.js';
import { dayOf, type LedgerData } from '../../src/usage/ledger.js';

const diff = (a: Map<string, [number, number]>, b: Map<string, [number, number]>) => [...b].map(([k, v]) => `${k}: u${v[0] - (a.get(k)?.[0] ?? 0)} s${v[1] - (a.get(k)?.[1] ?? 0)}`).join(', ');
import { startStack } from '../support/stack.js';

const turns = Number(process.argv[2] ?? 20);

/** A ledger in the file's format: keys × days × two models of made-up totals. */
function seedLedger(keys: number, days: number): LedgerData {
  const t = { turns: 12, costUsd: 0.123456, inputTokens: 123456, outputTokens: 23456, cacheCreationInputTokens: 3456, cacheReadInputTokens: 456789 };
  const data: LedgerData = {};
  for (let k = 0; k < keys; k++) {
    const byDay: LedgerData[string] = (data[`key-${k}`] = {});
    for (let d = 0; d < days; d++) byDay[dayOf(Date.UTC(2025, 0, 1) + d * 86_400_000)] = { 'claude-sonnet-4-5': { ...t }, 'claude-haiku-4-5': { ...t } };
  }
  return data;
}
const profDir = process.env.PROF_DIR ?? '/tmp/cca-prof';

async function main(): Promise<void> {
  await mkdir(profDir, { recursive: true });
  const build = await buildService();
  const nodeArgs = [...(process.env.NODE_ARGS?.split(/\s+/).filter(Boolean) ?? []), ...(process.env.NO_PROF ? [] : ['--cpu-prof', `--cpu-prof-dir=${profDir}`, `--cpu-prof-interval=${process.env.PROF_US ?? 1000}`])];
  const stack = await startStack({ entry: build.entry, nodeArgs, serverEnv: { SANDBOX: process.env.SANDBOX ?? 'bwrap', ...(process.env.EXTRA ? JSON.parse(process.env.EXTRA) : {}) } });
  if (process.env.LEDGER) {
    const [keys, days] = process.env.LEDGER.split('x').map(Number);
    await writeFile(path.join(`${stack.workspaceRoot}-state`, 'usage.json'), JSON.stringify(seedLedger(keys!, days!)));
    await stack.restart();
  }
  const client = new JsonClient(stack.api);
  try {
    await new Promise((r) => setTimeout(r, 1500));
    for (const mode of (process.env.MODES ?? 'warm,per-turn').split(',') as Array<'warm' | 'per-turn'>) {
      const c0 = readServiceCpu(stack.serverPid).selfMs;
      const r = await client.post<{ session: { id: string } }>('/sessions', { processMode: mode });
      const id = r.body.session.id;
      const t1 = await client.post<{ status: string }>(`/sessions/${id}/messages`, { prompt: 'hello 0' });
      if (t1.body.status !== 'completed') throw new Error(JSON.stringify(t1.body));
      const c1 = readServiceCpu(stack.serverPid).selfMs;
      const th1 = threads(stack.serverPid);
      const lat: number[] = [];
      for (let i = 1; i <= turns; i++) {
        const t = performance.now();
        if (process.env.STREAM) {
          // SSE with token deltas (PROMPT e.g. "DELTAS 250": a burst of deltas relayed to this client).
          const res = await fetch(`${stack.api}/sessions/${id}/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ prompt: process.env.PROMPT ?? `hello ${i}`, stream: true, partial: true }) });
          const text = await res.text();
          lat.push(performance.now() - t);
          if (!text.includes('event: turn_finished')) throw new Error(text.slice(-500));
        } else {
          const x = await client.post<{ status: string }>(`/sessions/${id}/messages`, { prompt: process.env.PROMPT ?? `hello ${i}` });
          lat.push(performance.now() - t);
          if (x.body.status !== 'completed') throw new Error(JSON.stringify(x.body));
        }
      }
      const c2 = readServiceCpu(stack.serverPid).selfMs;
      console.log(`  threads (ticks over ${turns} turns): ${diff(th1, threads(stack.serverPid))}`);
      lat.sort((a, b) => a - b);
      console.log(`${mode}: create+first turn ${(c1 - c0).toFixed(0)} ms CPU; next ${turns} turns ${((c2 - c1) / turns).toFixed(1)} ms CPU/turn; median ${lat[lat.length >> 1]!.toFixed(1)} ms`);
      await client.delete(`/sessions/${id}`);
    }
  } finally {
    client.close();
    await stack.close();
    await build.remove();
  }
}
void main();
