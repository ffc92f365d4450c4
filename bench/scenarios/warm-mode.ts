/**
 * Scenario 6, warm vs per-turn: N consecutive turns in one session created with
 * `{"processMode":"warm"}` (one CLI kept alive between turns) against N in one created with
 * `{"processMode":"per-turn"}` (a CLI per turn), interleaved turn by turn (P W, W P, P W, …) so
 * drift lands on both.
 *
 * Latency: `POST /sessions/:id/messages {"prompt":"hello <i>"}` request → full JSON reply,
 * reply checked. CPU per turn: the server's own utime+stime during that mode's requests, plus
 * its CLI processes: per-turn CLIs are reaped by the server before it replies, so their CPU is
 * the server's cutime+cstime gained during the request; the warm CLI lives on, so its
 * utime+stime is read from /proc at the end, before the session is deleted (its start-up is
 * in it: the first warm turn spawns it). Every figure counts all N turns, the first included.
 *
 * A server that answers 400 VALIDATION_FAILED to processMode has no warm mode: the scenario
 * then reports itself as not run.
 */
import { performance } from 'node:perf_hooks';
import { ms, table } from '../report.js';
import { median, summarize } from '../stats.js';
import { JsonClient } from '../support/http.js';
import { cpuDelta, cwdOf, descendants, isSpawnHelper, readCpu, type CpuTimes, readServiceCpu } from '../support/procfs.js';
import { startStack, type Stack, withServerOutput } from '../support/stack.js';
import type { BenchContext, Scenario, ScenarioResult } from './types.js';

const TURNS = 12;
const TARGET_LATENCY_RATIO = 0.5;
const TARGET_CPU_RATIO = 0.3;

type Mode = 'per-turn' | 'warm' | 'direct';

interface ModeStats {
  mode: Mode;
  stack: Stack;
  id: string;
  workspace: string;
  latenciesMs: number[];
  serverMs: number;
  reapedCliMs: number;
  liveCliMs: number;
  cliPids: Set<number>;
}

/** CLI processes (stream-json in argv) under the server working in `workspace`, with their CPU. */
function cliIn(stack: Stack, workspace: string): Array<{ pid: number; cpuMs: number }> {
  const out: Array<{ pid: number; cpuMs: number }> = [];
  for (const p of descendants(stack.serverPid)) {
    if (!p.argv.join(' ').includes('stream-json') || cwdOf(p.pid) !== workspace) continue;
    try {
      out.push({ pid: p.pid, cpuMs: readCpu(p.pid).selfMs });
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

async function turn(client: JsonClient, s: ModeStats, i: number): Promise<number> {
  const stack = s.stack;
  const prompt = `hello ${i}`;
  const c0: CpuTimes = readServiceCpu(stack.serverPid);
  const t0 = performance.now();
  const r = await client.post<{ status: string; response: string }>(`/sessions/${s.id}/messages`, { prompt });
  const elapsed = performance.now() - t0;
  // A per-turn CLI exits after the reply (the turn ends at its result line): its CPU counts once it is reaped.
  if (s.mode !== 'warm') {
    for (const deadline = Date.now() + 15_000; cliIn(stack, s.workspace).length > 0 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 5));
    // Gone from /proc is not yet reaped: its CPU reaches the server's cutime at the waitpid.
    for (const deadline = Date.now() + 2_000; readServiceCpu(stack.serverPid).childrenMs === c0.childrenMs && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 5));
  }
  const c = cpuDelta(c0, readServiceCpu(stack.serverPid));
  if (r.status !== 200 || r.body.status !== 'completed' || r.body.response !== `echo: ${prompt}`) {
    throw new Error(`turn ${i}: ${r.status} ${JSON.stringify(r.body).slice(0, 1000)}`);
  }
  s.latenciesMs.push(elapsed);
  s.serverMs += c.selfMs;
  s.reapedCliMs += c.childrenMs;
  for (const p of cliIn(stack, s.workspace)) s.cliPids.add(p.pid);
  return elapsed;
}

async function run(ctx: BenchContext): Promise<ScenarioResult> {
  const stack = await startStack({ maxConcurrentTurns: 1 });
  // The same per-turn sessions on a server that forks itself for each CLI (no spawn helper): what the helper saves.
  const direct = await startStack({ maxConcurrentTurns: 1, serverEnv: { SPAWN_HELPER: 'off' } }).catch(async (err: unknown) => {
    await stack.close();
    throw err;
  });
  const client = new JsonClient(stack.api);
  const directClient = new JsonClient(direct.api);
  const created: Array<[JsonClient, string]> = [];
  try {
    // The servers' one-off `claude --version` at start-up must not land in a measurement.
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
      const busy = [stack, direct].some((st) => descendants(st.serverPid).some((p) => !isSpawnHelper(p.pid)));
      if (!busy) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const make = async (mode: Mode): Promise<ModeStats | 'missing'> => {
      const [c, st] = mode === 'direct' ? [directClient, direct] : [client, stack];
      const processMode = mode === 'direct' ? 'per-turn' : mode;
      const r = await c.post<{ session: { id: string; workspace: string }; error?: { code: string } }>('/sessions', { processMode });
      if (r.status === 400 && r.body.error?.code === 'VALIDATION_FAILED') return 'missing';
      if (r.status !== 201) throw new Error(`POST /sessions {"processMode":"${processMode}"} answered ${r.status}: ${JSON.stringify(r.body)}`);
      created.push([c, r.body.session.id]);
      return { mode, stack: st, id: r.body.session.id, workspace: r.body.session.workspace, latenciesMs: [], serverMs: 0, reapedCliMs: 0, liveCliMs: 0, cliPids: new Set() };
    };
    const warm = await make('warm');
    const perTurn = await make('per-turn');
    const forked = await make('direct');
    if (warm === 'missing' || perTurn === 'missing' || forked === 'missing') {
      ctx.log('not run: the server refuses processMode (no warm mode)');
      return {
        id: 'warm-mode',
        title: 'Warm vs per-turn',
        markdown: '## Warm vs per-turn process mode\n\n**Not run: warm mode missing** (`POST /api/v1/sessions {"processMode":"warm"}` answered 400 VALIDATION_FAILED).',
        targetMet: true,
      };
    }
    const stats: Record<Mode, ModeStats> = { warm, 'per-turn': perTurn, direct: forked };
    for (let i = 1; i <= TURNS; i++) {
      const order: Mode[] = i % 2 === 1 ? ['per-turn', 'warm', 'direct'] : ['direct', 'warm', 'per-turn'];
      const line: string[] = [];
      for (const mode of order) line.push(`${mode} ${ms(await turn(mode === 'direct' ? directClient : client, stats[mode], i), 0)}`);
      ctx.log(`turn ${i}/${TURNS}: ${line.join(', ')} ms`);
    }
    // The warm CLI is still alive: its whole life's CPU, read before the session goes.
    const live = cliIn(stack, warm.workspace);
    warm.liveCliMs = live.reduce((s, p) => s + p.cpuMs, 0);
    for (const s of [perTurn, forked]) {
      const stray = cliIn(s.stack, s.workspace);
      if (stray.length) throw new Error(`${s.mode} session has ${stray.length} CLI processes alive between turns`);
    }

    const cpuPerTurn = (s: ModeStats) => (s.serverMs + s.reapedCliMs + s.liveCliMs) / TURNS;
    const sw = summarize(warm.latenciesMs);
    const sp = summarize(perTurn.latenciesMs);
    const latencyRatio = sw.median / sp.median;
    const cpuRatio = cpuPerTurn(warm) / cpuPerTurn(perTurn);
    const latencyMet = latencyRatio <= TARGET_LATENCY_RATIO;
    const cpuMet = cpuRatio <= TARGET_CPU_RATIO;
    const row = (label: string, s: ModeStats, sum: ReturnType<typeof summarize>) => [
      label,
      ms(sum.median, 0),
      ms(sum.p95, 0),
      ms(s.latenciesMs[0]!, 0),
      ms(median(s.latenciesMs.slice(1)), 0),
      ms(s.serverMs / TURNS, 1),
      ms((s.reapedCliMs + s.liveCliMs) / TURNS, 1),
      `**${ms(cpuPerTurn(s), 1)}**`,
      String(s.cliPids.size),
    ];
    const md = [
      '## Warm vs per-turn process mode',
      '',
      `${TURNS} consecutive turns (\`hello <i>\`, reply checked) in a session created with \`{"processMode":"warm"}\` and in one ` +
        `created with \`{"processMode":"per-turn"}\`, interleaved turn by turn; request → full JSON reply. CPU = the server's ` +
        `utime+stime during the requests + its CLIs' (per-turn: reaped by the server during the request; warm: the live ` +
        `process's own, read from /proc before the session is deleted, its start-up included), ÷ ${TURNS}.`,
      '',
      table(
        ['mode', 'median ms', 'p95 ms', 'turn 1 ms', 'median of turns 2+ ms', 'server CPU/turn ms', 'CLI CPU/turn ms', 'CPU/turn ms', 'CLI processes seen'],
        [row('per-turn', perTurn, sp), row('warm', warm, sw), row('per-turn, `SPAWN_HELPER=off` (the server forks itself per CLI)', forked, summarize(forked.latenciesMs))],
      ),
      '',
      `Server CPU is the server's and its spawn helper's (\`native/build/cca-spawn\`, which starts the CLIs). The third row runs the per-turn ` +
        `sessions on a second server with \`SPAWN_HELPER=off\`, interleaved with the other two: **server CPU per per-turn turn ` +
        `${ms(perTurn.serverMs / TURNS, 1)} ms with the helper, ${ms(forked.serverMs / TURNS, 1)} ms without** ` +
        `(median latency ${ms(sp.median, 0)} vs ${ms(median(forked.latenciesMs), 0)} ms).`,
      '',
      `**Latency warm ÷ per-turn (medians): ${latencyRatio.toFixed(3)}** (target ≤ ${TARGET_LATENCY_RATIO}: **${latencyMet ? 'met' : 'missed'}**); ` +
        `**CPU per turn warm ÷ per-turn: ${cpuRatio.toFixed(3)}** (target ≤ ${TARGET_CPU_RATIO}: **${cpuMet ? 'met' : 'missed'}**). ` +
        `CPU times are /proc clock ticks (10 ms), summed over the ${TURNS} turns.`,
    ].join('\n');
    return { id: 'warm-mode', title: 'Warm vs per-turn', markdown: md, targetMet: latencyMet && cpuMet };
  } catch (err) {
    throw withServerOutput(withServerOutput(err, stack), direct);
  } finally {
    for (const [c, id] of created) await c.delete(`/sessions/${id}`).catch(() => undefined);
    client.close();
    directClient.close();
    await stack.close();
    await direct.close();
  }
}

export const warmMode: Scenario = { id: 'warm-mode', title: 'Warm vs per-turn', run };
