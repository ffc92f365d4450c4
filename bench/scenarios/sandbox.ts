/**
 * Scenario 7, the sandbox's cost: the same turns through two servers, one with SANDBOX=bwrap
 * (every CLI in its own bubblewrap sandbox, the model reached through the gateway's socket and
 * the gateway bridge inside: native/build/cca-bridge, or socat without it) and one with SANDBOX=none (the CLI on the host, the gateway on a
 * loopback port), in the same run, interleaved pair by pair (A B, B A, …) so drift lands on both.
 *
 * Per-turn: `POST /sessions/:id/messages {"prompt":"hello <i>"}` → full JSON reply, reply checked,
 * in a session each (a CLI per turn, `--continue` from turn 2 on). CPU per turn: the server's own
 * utime+stime plus its reaped children's (the CLI, and bwrap, its cgroup-entering sh and the gateway bridge with the sandbox)
 * gained during the request.
 *
 * Warm: the same in a `{"processMode":"warm"}` session each; the first turn (the spawn) is
 * reported apart, the median of the others compared.
 *
 * Targets: per-turn median bwrap ÷ none ≤ 1.05; warm median bwrap − none ≤ 10 ms.
 */
import { performance } from 'node:perf_hooks';
import { ms, table } from '../report.js';
import { bootstrapRatioOfMedians, median, summarize } from '../stats.js';
import { JsonClient } from '../support/http.js';
import { cpuDelta, readCpu, readServiceCpu } from '../support/procfs.js';
import { startStack, type Stack, withServerOutput } from '../support/stack.js';
import type { BenchContext, Scenario, ScenarioResult } from './types.js';

const WARM_TURNS = 12;
const TARGET_PER_TURN_RATIO = 1.05;
const TARGET_WARM_EXTRA_MS = 10;

type Mode = 'bwrap' | 'none';

interface Side {
  mode: Mode;
  stack: Stack;
  client: JsonClient;
  perTurn: string;
  warm: string;
  perTurnMs: number[];
  perTurnCpuMs: number[];
  warmMs: number[];
  warmServerCpuMs: number[];
}

async function turn(side: Side, session: string, i: number): Promise<{ elapsed: number; cpuMs: number; serverCpuMs: number }> {
  const prompt = `hello ${i}`;
  const c0 = readServiceCpu(side.stack.serverPid);
  const t0 = performance.now();
  const r = await side.client.post<{ status: string; response: string }>(`/sessions/${session}/messages`, { prompt });
  const elapsed = performance.now() - t0;
  const c = cpuDelta(c0, readServiceCpu(side.stack.serverPid));
  if (r.status !== 200 || r.body.status !== 'completed' || r.body.response !== `echo: ${prompt}`) {
    throw new Error(`${side.mode} turn ${i}: ${r.status} ${JSON.stringify(r.body).slice(0, 1000)}`);
  }
  return { elapsed, cpuMs: c.selfMs + c.childrenMs, serverCpuMs: c.selfMs };
}

async function makeSide(mode: Mode): Promise<Side> {
  const stack = await startStack({ maxConcurrentTurns: 2, serverEnv: { SANDBOX: mode } });
  const client = new JsonClient(stack.api);
  const health = await client.get<{ sandbox: { mode: string } }>('/health');
  if (health.body.sandbox?.mode !== mode) throw new Error(`SANDBOX=${mode} server reports sandbox ${JSON.stringify(health.body.sandbox)}`);
  const create = async (body: object) => {
    const r = await client.post<{ session: { id: string } }>('/sessions', body);
    if (r.status !== 201) throw new Error(`${mode}: POST /sessions answered ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body.session.id;
  };
  return {
    mode,
    stack,
    client,
    perTurn: await create({ processMode: 'per-turn' }),
    warm: await create({ processMode: 'warm' }),
    perTurnMs: [],
    perTurnCpuMs: [],
    warmMs: [],
    warmServerCpuMs: [],
  };
}

async function run(ctx: BenchContext): Promise<ScenarioResult> {
  const sides: Side[] = [];
  try {
    sides.push(await makeSide('bwrap'), await makeSide('none'));
    const [bw, none] = sides as [Side, Side];
    // Warm-up pairs (not counted): first spawns, page cache, the gateway's first upstream connection.
    for (let i = 0; i < ctx.warmupPairs; i++) for (const s of sides) await turn(s, s.perTurn, -1 - i);
    for (let i = 1; i <= ctx.pairs; i++) {
      const order = i % 2 === 1 ? [bw, none] : [none, bw];
      const line: string[] = [];
      for (const s of order) {
        const t = await turn(s, s.perTurn, i);
        s.perTurnMs.push(t.elapsed);
        s.perTurnCpuMs.push(t.cpuMs);
        line.push(`${s.mode} ${ms(t.elapsed, 0)}`);
      }
      ctx.log(`per-turn pair ${i}/${ctx.pairs}: ${line.join(', ')} ms`);
    }
    for (let i = 1; i <= WARM_TURNS; i++) {
      const order = i % 2 === 1 ? [bw, none] : [none, bw];
      for (const s of order) {
        const t = await turn(s, s.warm, i);
        s.warmMs.push(t.elapsed);
        s.warmServerCpuMs.push(t.serverCpuMs);
      }
    }
    ctx.log(`warm: bwrap ${bw.warmMs.map((x) => x.toFixed(0)).join(' ')} | none ${none.warmMs.map((x) => x.toFixed(0)).join(' ')} ms`);

    const pb = summarize(bw.perTurnMs);
    const pn = summarize(none.perTurnMs);
    const ratio = pb.median / pn.median;
    const boot = bootstrapRatioOfMedians(bw.perTurnMs, none.perTurnMs);
    const warmExtra = median(bw.warmMs.slice(1)) - median(none.warmMs.slice(1));
    const perTurnMet = ratio <= TARGET_PER_TURN_RATIO;
    const warmMet = warmExtra <= TARGET_WARM_EXTRA_MS;
    const row = (s: Side) => [
      `SANDBOX=${s.mode}`,
      ms(median(s.perTurnMs), 1),
      ms(summarize(s.perTurnMs).p95, 1),
      ms(median(s.perTurnCpuMs), 0),
      ms(s.warmMs[0]!, 0),
      ms(median(s.warmMs.slice(1)), 1),
      ms(median(s.warmServerCpuMs.slice(1)), 1),
    ];
    const md = [
      '## Sandbox cost (bwrap vs none)',
      '',
      `Two servers in the same run, one with \`SANDBOX=bwrap\`, one with \`SANDBOX=none\` (both through the model gateway), ` +
        `${ctx.pairs} interleaved per-turn pairs after ${ctx.warmupPairs} warm-up pairs, then ${WARM_TURNS} interleaved warm turns; ` +
        'request → full JSON reply, reply checked. CPU = the server\'s utime+stime + its reaped children\'s (CLI; with the sandbox also bwrap, the sh that enters its cgroups and the gateway bridge) during the request, /proc clock ticks.',
      '',
      table(
        ['server', 'per-turn median ms', 'per-turn p95 ms', 'per-turn CPU/turn ms (median)', 'warm turn 1 ms (spawn)', 'warm turns 2+ median ms', 'warm server CPU/turn ms'],
        [row(bw), row(none)],
      ),
      '',
      `**Per-turn bwrap ÷ none (medians): ${ratio.toFixed(3)}** (95% bootstrap ${boot.low.toFixed(3)}–${boot.high.toFixed(3)}; target ≤ ${TARGET_PER_TURN_RATIO}: **${perTurnMet ? 'met' : 'missed'}**); ` +
        `**warm bwrap − none (medians of turns 2+): ${warmExtra.toFixed(1)} ms** (target ≤ ${TARGET_WARM_EXTRA_MS} ms: **${warmMet ? 'met' : 'missed'}**).`,
    ].join('\n');
    return { id: 'sandbox', title: 'Sandbox cost', markdown: md, targetMet: perTurnMet && warmMet };
  } catch (err) {
    throw withServerOutput(err, sides[0]?.stack);
  } finally {
    for (const s of sides) {
      for (const id of [s.perTurn, s.warm]) await s.client.delete(`/sessions/${id}`).catch(() => undefined);
      s.client.close();
      await s.stack.close();
    }
  }
}

export const sandboxCost: Scenario = { id: 'sandbox', title: 'Sandbox cost', run };
