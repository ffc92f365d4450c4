/**
 * Scenario 8, the first turn with a pre-started CLI: `POST /sessions` then its first
 * `POST /sessions/:id/messages {"prompt":"hello <i>"}` (reply checked), timed from the create
 * request to the turn's reply, on two servers in the same run, both with the sandbox on
 * (SANDBOX=bwrap, as users run it): one with PREWARM_PROCESSES=1 (the session adopts the
 * waiting CLI), one with PREWARM_PROCESSES=0 (its first turn starts the CLI). Rounds alternate
 * (A B, B A, …); before each pooled round the pool has refilled (`/health` prestart.ready: CLIs that have answered
 * `initialize`, their start-up over),
 * which is what a pool of that size gives a session arriving at that pace. The pooled server's
 * own CPU for create + first turn is reported too (issue #19 goal 1: ≤ 15 ms).
 *
 * Target: median pooled ÷ cold ≤ 0.25.
 */
import { performance } from 'node:perf_hooks';
import { ms, table } from '../report.js';
import { median, summarize } from '../stats.js';
import { buildService } from '../support/build.js';
import { JsonClient } from '../support/http.js';
import { readCpu, readServiceCpu } from '../support/procfs.js';
import { startStack, type Stack, withServerOutput } from '../support/stack.js';
import type { BenchContext, Scenario, ScenarioResult } from './types.js';

const ROUNDS = 8;
const TARGET_RATIO = 0.25;
const TARGET_SERVER_CPU_MS = 15;

interface Side {
  label: string;
  stack: Stack;
  client: JsonClient;
  latencies: number[];
  serverCpuMs: number[];
  adopted: number;
}

async function ready(side: Side): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const h = await side.client.get<{ prestart: { target: number; ready: number } }>('/health');
    if (h.body.prestart.ready >= h.body.prestart.target) return;
    if (Date.now() > deadline) throw new Error(`${side.label}: the pool did not refill within 60 s (${JSON.stringify(h.body.prestart)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function round(side: Side, i: number): Promise<void> {
  await ready(side);
  const prompt = `hello ${i}`;
  const c0 = readServiceCpu(side.stack.serverPid).selfMs;
  const t0 = performance.now();
  const created = await side.client.post<{ session: { id: string } }>('/sessions', {});
  if (created.status !== 201) throw new Error(`${side.label}: POST /sessions answered ${created.status}`);
  const id = created.body.session.id;
  const r = await side.client.post<{ status: string; response: string; events: Array<{ type: string; pid?: number }> }>(`/sessions/${id}/messages`, { prompt });
  const elapsed = performance.now() - t0;
  side.serverCpuMs.push(readServiceCpu(side.stack.serverPid).selfMs - c0);
  if (r.status !== 200 || r.body.status !== 'completed' || r.body.response !== `echo: ${prompt}`) {
    throw new Error(`${side.label} round ${i}: ${r.status} ${JSON.stringify(r.body).slice(0, 1000)}`);
  }
  side.latencies.push(elapsed);
  await side.client.delete(`/sessions/${id}`);
}

async function run(ctx: BenchContext): Promise<ScenarioResult> {
  const build = await buildService();
  const sides: Side[] = [];
  try {
    for (const [label, n] of [
      ['PREWARM_PROCESSES=1', '1'],
      ['PREWARM_PROCESSES=0', '0'],
    ] as const) {
      const stack = await startStack({ entry: build.entry, maxConcurrentTurns: 2, serverEnv: { SANDBOX: 'bwrap', PREWARM_PROCESSES: n } });
      sides.push({ label, stack, client: new JsonClient(stack.api), latencies: [], serverCpuMs: [], adopted: 0 });
    }
    const [pooled, cold] = sides as [Side, Side];
    await round(pooled, 0); // warm-up: first spawn of each server, not counted
    await round(cold, 0);
    pooled.latencies.length = cold.latencies.length = pooled.serverCpuMs.length = cold.serverCpuMs.length = 0;
    for (let i = 1; i <= ROUNDS; i++) {
      const order = i % 2 ? [pooled, cold] : [cold, pooled];
      for (const side of order) await round(side, i);
      ctx.log(`round ${i}/${ROUNDS}: pooled ${ms(pooled.latencies.at(-1)!, 0)}, cold ${ms(cold.latencies.at(-1)!, 0)} ms`);
    }
    const sp = summarize(pooled.latencies);
    const sc = summarize(cold.latencies);
    const ratio = sp.median / sc.median;
    const cpu = median(pooled.serverCpuMs);
    const met = ratio <= TARGET_RATIO;
    const md = [
      '## First turn with a pre-started CLI',
      '',
      `\`POST /sessions\` + its first turn (\`hello <i>\`, reply checked), create request → turn reply, ${ROUNDS} rounds alternating ` +
        'between two servers of the same compiled build, both `SANDBOX=bwrap`: one keeps one CLI pre-started (`PREWARM_PROCESSES=1`, ' +
        'the pool refilled before each round), one does not. Server CPU: utime+stime of the server process over create + first turn.',
      '',
      table(
        ['server', 'median ms', 'p95 ms', 'min ms', 'server CPU, median ms'],
        sides.map((s) => {
          const x = summarize(s.latencies);
          return [s.label, ms(x.median, 0), ms(x.p95, 0), ms(x.min, 0), ms(median(s.serverCpuMs), 1)];
        }),
      ),
      '',
      `**Pooled ÷ cold: ${ratio.toFixed(3)}** (target ≤ ${TARGET_RATIO}: **${met ? 'met' : 'missed'}**). ` +
        `Server CPU for create + first turn with the pool: **${ms(cpu, 1)} ms** (goal ≤ ${TARGET_SERVER_CPU_MS} ms: **${cpu <= TARGET_SERVER_CPU_MS ? 'met' : 'missed'}**; /proc ticks are 10 ms).`,
    ].join('\n');
    return { id: 'prestart', title: 'First turn with a pre-started CLI', markdown: md, targetMet: met };
  } catch (err) {
    throw withServerOutput(err, sides[0]?.stack);
  } finally {
    for (const s of sides) {
      s.client.close();
      await s.stack.close();
    }
    await build.remove();
  }
}

export const prestart: Scenario = { id: 'prestart', title: 'First turn with a pre-started CLI', run };
