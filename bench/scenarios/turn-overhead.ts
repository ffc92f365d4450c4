/**
 * Scenario 1, turn overhead: the wall time of one non-streaming turn through the API (A)
 * against the same CLI turn run directly (B), interleaved in pairs (AB, BA, AB, ...) so
 * drift (page cache, the CLI's growing config, CPU frequency) lands on both sides.
 *
 * A: fresh session (POST /sessions {}, not timed), then POST /sessions/:id/messages
 *    {"prompt":"hello"} timed from request start to the full JSON reply; the session is
 *    deleted afterwards (not timed), which also removes its workspace.
 * B: a fresh empty directory made like a workspace (mkdir, non-recursive, 20-char id, under
 *    the same WORKSPACE_ROOT), the same binary, argv, environment and stdin line as the
 *    service, stdin closed on the result line, timed from spawn to exit; the directory is
 *    removed afterwards (not timed).
 *
 * The first warm-up pair also snapshots both CLI processes from /proc and fails the run
 * unless argv, environment and kind of cwd are identical.
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ms, summaryRow, table } from '../report.js';
import { bootstrapRatioOfMedians, mean, median, summarize } from '../stats.js';
import { runDirectTurn, SERVICE_FIRST_TURN_ARGS, userMessageLine, type DirectTurn } from '../support/direct-cli.js';
import { JsonClient } from '../support/http.js';
import { clockTicksPerSecond, cpuDelta, readCpu, watchForChild, type ProcSnapshot, readServiceCpu } from '../support/procfs.js';
import { startStack, type Stack, type StackCloseReport, withServerOutput } from '../support/stack.js';
import type { BenchContext, Scenario, ScenarioResult } from './types.js';
import { isSessionId, newSessionId } from '../../src/sessions/session-ids.js';

const PROMPT = 'hello';
const EXPECTED = 'echo: hello';
const TARGET_RATIO = 1.03;
// A directory named like a session's workspace.
const dirName = newSessionId;

interface ApiSample {
  ms: number;
  /** server process utime+stime during the timed request */
  serverCpuMs: number;
  /** CPU of the children the server reaped during the request (the CLI) */
  cliCpuMs: number;
  /** the reply's durationMs: the turn's life inside the service */
  turnMs: number;
  cliReportedMs: number | null;
  /** phases from the reply's event timestamps (1 ms resolution), ms */
  phases: Record<string, number>;
}

interface DirectSample {
  ms: number;
  cliCpuMs: number;
  resultAtMs: number | null;
  cliReportedMs: number | null;
}

type EventLite = { type: string; at: string };

interface TurnReply {
  status: string;
  response: string;
  durationMs: number;
  result: { durationMs: number | null } | null;
  events: EventLite[];
}

async function apiTurn(stack: Stack, client: JsonClient): Promise<ApiSample> {
  const created = await client.post<{ session: { id: string } }>('/sessions', {});
  if (created.status !== 201) throw new Error(`POST /sessions answered ${created.status}: ${JSON.stringify(created.body)}`);
  const id = created.body.session.id;
  const cpu0 = readServiceCpu(stack.serverPid);
  const sentAt = performance.timeOrigin + performance.now();
  const t0 = performance.now();
  const reply = await client.post<TurnReply>(`/sessions/${id}/messages`, { prompt: PROMPT });
  const elapsed = performance.now() - t0;
  const cpu = cpuDelta(cpu0, readServiceCpu(stack.serverPid));
  const receivedAt = sentAt + elapsed;
  if (reply.status !== 200 || reply.body.response !== EXPECTED || reply.body.status !== 'completed') {
    throw new Error(`A: expected 200 completed ${JSON.stringify(EXPECTED)}, got ${reply.status}: ${JSON.stringify(reply.body).slice(0, 2000)}`);
  }
  const deleted = await client.delete(`/sessions/${id}`);
  if (deleted.status !== 200) throw new Error(`DELETE /sessions/${id} answered ${deleted.status}`);

  const at = (type: string) => {
    const e = reply.body.events.find((x) => x.type === type);
    return e ? Date.parse(e.at) : Number.NaN;
  };
  const started = at('turn_started');
  const spawned = at('process_started');
  const result = at('result');
  // turn_finished is published after the reply's events were taken; the reply's durationMs
  // runs from the turn's start (turn_started) to the CLI's exit being handled.
  const exitHandled = started + reply.body.durationMs;
  return {
    ms: elapsed,
    serverCpuMs: cpu.selfMs,
    cliCpuMs: cpu.childrenMs,
    turnMs: reply.body.durationMs,
    cliReportedMs: reply.body.result?.durationMs ?? null,
    phases: {
      'request sent → turn_started': started - sentAt,
      'turn_started → process_started (spawn)': spawned - started,
      'process_started → result line handled': result - spawned,
      'result line → CLI exit handled': exitHandled - result,
      'CLI exit handled → reply received': receivedAt - exitHandled,
    },
  };
}

async function directTurn(stack: Stack, env: Record<string, string>): Promise<{ sample: DirectSample; turn: DirectTurn }> {
  const cwd = path.join(stack.workspaceRoot, dirName());
  await mkdir(cwd, { recursive: false });
  try {
    const cpu0 = readCpu('self');
    const turn = await runDirectTurn({ bin: stack.bin, args: SERVICE_FIRST_TURN_ARGS, cwd, env, input: userMessageLine(PROMPT) });
    const cpu = cpuDelta(cpu0, readCpu('self'));
    if (turn.result?.result !== EXPECTED || turn.result.is_error || turn.exitCode !== 0) {
      throw new Error(
        `B: expected exit 0 and result ${JSON.stringify(EXPECTED)}, got exit ${turn.exitCode}/${turn.signal}, ` +
          `result ${JSON.stringify(turn.result)?.slice(0, 1000)}, lines ${turn.lineTypes.join(',')}, stderr ${turn.stderr.slice(-1000)}`,
      );
    }
    const reported = (turn.result as { duration_ms?: number }).duration_ms;
    return {
      turn,
      sample: { ms: turn.ms, cliCpuMs: cpu.childrenMs, resultAtMs: turn.resultAtMs, cliReportedMs: reported ?? null },
    };
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
}

const OWN_VALUES = new Set(['HOME', 'CLAUDE_CONFIG_DIR', 'TMPDIR', 'CLAUDE_CODE_TMPDIR', 'ANTHROPIC_BASE_URL', 'ANTHROPIC_API_KEY']);

interface Parity {
  argvSame: boolean;
  envSame: boolean;
  cwdKindSame: boolean;
  envVars: number;
  detail: string[];
}

function compareSnapshots(a: ProcSnapshot | null, b: ProcSnapshot | null, workspaceRoot: string): Parity {
  if (!a || !b) throw new Error(`parity: could not snapshot the ${!a ? 'service' : 'direct'} CLI process from /proc`);
  const detail: string[] = [];
  const argvSame = JSON.stringify(a.argv) === JSON.stringify(b.argv);
  if (!argvSame) detail.push(`argv differs: service ${JSON.stringify(a.argv)} vs direct ${JSON.stringify(b.argv)}`);
  const keys = new Set([...Object.keys(a.env), ...Object.keys(b.env)]);
  // Present on both sides, values differing by design: the private dirs, and the gateway (its cost is what is measured).
  const envDiff = [...keys].filter((k) => (OWN_VALUES.has(k) ? !(k in a.env && k in b.env) : a.env[k] !== b.env[k]));
  const envSame = envDiff.length === 0;
  for (const k of envDiff) detail.push(`env ${k}: service ${JSON.stringify(a.env[k])} vs direct ${JSON.stringify(b.env[k])}`);
  const kind = (cwd: string) => path.dirname(cwd) === workspaceRoot && isSessionId(path.basename(cwd));
  const cwdKindSame = kind(a.cwd) && kind(b.cwd);
  if (!cwdKindSame) detail.push(`cwd: service ${a.cwd} vs direct ${b.cwd} (root ${workspaceRoot})`);
  return { argvSame, envSame, cwdKindSame, envVars: keys.size, detail };
}

function medianOf(values: Array<number | null>): number {
  return median(values.filter((v): v is number => v !== null && Number.isFinite(v)));
}

async function run(ctx: BenchContext): Promise<ScenarioResult> {
  const stack = await startStack({ maxConcurrentTurns: 1 });
  const client = new JsonClient(stack.api);
  // What the service's CLI child gets: its allow-list (src/cli/child-env.ts) keeps cliEnv's
  // variables but the credential and the config dir, adds CLAUDE_BIN (CLAUDE_ prefix), and the
  // launcher gives it a HOME, config dir and tmp of its own and the gateway with a token. The
  // direct CLI gets the same shape, with the fake model and its key directly. Checked in warm-up.
  const directHome = path.join(stack.root, 'direct-home');
  const directTmp = path.join(stack.root, 'direct-tmp');
  await mkdir(directTmp, { recursive: true });
  const directEnv = {
    ...stack.cliEnv,
    CLAUDE_BIN: stack.bin,
    HOME: directHome,
    CLAUDE_CONFIG_DIR: path.join(directHome, '.claude'),
    TMPDIR: directTmp,
    CLAUDE_CODE_TMPDIR: directTmp,
    USER: 'claude',
    LOGNAME: 'claude',
  };
  const a: ApiSample[] = [];
  const b: DirectSample[] = [];
  let parity: Parity | undefined;
  let closeReport: StackCloseReport | undefined;
  let cpuWholePhase = 0;
  try {
    const total = ctx.warmupPairs + ctx.pairs;
    let phaseStart: ReturnType<typeof readCpu> | undefined;
    for (let i = 0; i < total; i++) {
      const counted = i >= ctx.warmupPairs;
      const capture = i === 0;
      if (counted && !phaseStart) phaseStart = readServiceCpu(stack.serverPid);
      const order: Array<'A' | 'B'> = i % 2 === 0 ? ['A', 'B'] : ['B', 'A'];
      let snapA: ProcSnapshot | null = null;
      let snapB: ProcSnapshot | null = null;
      const line: string[] = [];
      for (const which of order) {
        if (which === 'A') {
          const watch = capture ? watchForChild(stack.serverPid, 'stream-json') : undefined;
          const s = await apiTurn(stack, client);
          snapA = watch?.stop() ?? null;
          if (counted) a.push(s);
          line.push(`A ${ms(s.ms)}`);
        } else {
          const watch = capture ? watchForChild(process.pid, 'stream-json') : undefined;
          const { sample } = await directTurn(stack, directEnv);
          snapB = watch?.stop() ?? null;
          if (counted) b.push(sample);
          line.push(`B ${ms(sample.ms)}`);
        }
      }
      if (capture) {
        parity = compareSnapshots(snapA, snapB, stack.workspaceRoot);
        if (!parity.argvSame || !parity.envSame || !parity.cwdKindSame) {
          throw new Error(`A and B do not run the CLI the same way:\n  ${parity.detail.join('\n  ')}`);
        }
      }
      ctx.log(`${counted ? `pair ${i - ctx.warmupPairs + 1}/${ctx.pairs}` : `warm-up ${i + 1}/${ctx.warmupPairs}`}: ${line.join(', ')} ms`);
    }
    if (phaseStart) cpuWholePhase = cpuDelta(phaseStart, readServiceCpu(stack.serverPid)).selfMs;
  } catch (err) {
    throw withServerOutput(err, stack);
  } finally {
    client.close();
    closeReport = await stack.close();
  }

  const sa = summarize(a.map((s) => s.ms));
  const sb = summarize(b.map((s) => s.ms));
  const diff = summarize(a.map((s, i) => s.ms - b[i]!.ms));
  const ratio = sa.median / sb.median;
  const ci = bootstrapRatioOfMedians(a.map((s) => s.ms), b.map((s) => s.ms));
  const met = ratio <= TARGET_RATIO;
  const n = a.length;

  const phaseNames = Object.keys(a[0]?.phases ?? {});
  const md = [
    `## Turn overhead: API turn vs the CLI run directly`,
    '',
    `${n} pairs, interleaved AB, BA, AB, … after ${ctx.warmupPairs} warm-up pairs (not counted). Prompt \`${PROMPT}\`, ` +
      `scripted Anthropic API on loopback (reply \`${EXPECTED}\`, checked on every turn).`,
    '',
    `- **A (API)**: \`POST /api/v1/sessions/:id/messages {"prompt":"${PROMPT}"}\` on a fresh session, request start → full JSON reply.`,
    `- **B (direct)**: the same binary, argv (\`${SERVICE_FIRST_TURN_ARGS.join(' ')}\`), environment and stdin line, ` +
      `in a fresh empty directory beside the workspaces; stdin closed on the \`result\` line; spawn → exit.`,
    '',
    table(['wall time (ms)', 'median', 'p95', 'p99', 'mean'], [
      summaryRow('A: API turn', sa),
      summaryRow('B: direct CLI', sb),
      summaryRow('A − B, paired', diff),
    ]),
    '',
    `**Ratio of medians A/B: ${ratio.toFixed(3)}** (target ≤ ${TARGET_RATIO}: **${met ? 'met' : 'missed'}**; ` +
      `95% bootstrap interval over resampled pairs ${ci.low.toFixed(3)}–${ci.high.toFixed(3)}` +
      `${ci.low <= TARGET_RATIO && ci.high > TARGET_RATIO ? ', so this run alone cannot tell' : ''}). ` +
      `Paired view: the median of A − B is ${ms(diff.median)} ms, ${((diff.median / sb.median) * 100).toFixed(1)}% of B's median.`,
    '',
    '### Attribution (per turn)',
    '',
    table(['', 'A: API', 'B: direct'], [
      ['server process CPU in the timed request (utime+stime), mean ms', ms(mean(a.map((s) => s.serverCpuMs))), '–'],
      ['server process CPU over the whole counted phase ÷ turns (adds session create/delete and deferred work such as GC), ms', ms(cpuWholePhase / n), '–'],
      ['CLI process CPU (reaped children, utime+stime), mean ms', ms(mean(a.map((s) => s.cliCpuMs))), ms(mean(b.map((s) => s.cliCpuMs)))],
      ['CLI-reported `duration_ms`, median', ms(medianOf(a.map((s) => s.cliReportedMs))), ms(medianOf(b.map((s) => s.cliReportedMs)))],
      ['spawn → result line, median ms', ms(medianOf(a.map((s) => s.phases['process_started → result line handled'] ?? null))), ms(medianOf(b.map((s) => s.resultAtMs)))],
      ['result line → exit, median ms', ms(medianOf(a.map((s) => s.phases['result line → CLI exit handled'] ?? null))), ms(medianOf(b.map((s) => (s.resultAtMs === null ? null : s.ms - s.resultAtMs))))],
      ['turn inside the service (reply `durationMs`), median ms', ms(median(a.map((s) => s.turnMs))), '–'],
    ]),
    '',
    `CPU times come from /proc/<pid>/stat in clock ticks (${(1000 / clockTicksPerSecond()).toFixed(0)} ms granularity), so per-turn figures are averages. ` +
      `A's phases come from the reply's event timestamps (\`at\`, 1 ms resolution):`,
    '',
    table(['A phase', 'median ms', 'mean ms'], phaseNames.map((p) => [p, ms(medianOf(a.map((s) => s.phases[p] ?? null))), ms(mean(a.map((s) => s.phases[p] ?? Number.NaN)))])),
    '',
    `Parity (warm-up pair 1, from /proc): argv ${parity?.argvSame ? 'identical' : 'DIFFERENT'}, environment ${parity?.envSame ? `the same ${parity.envVars} variables, identical but for the private HOME/config/tmp paths and the model endpoint (the service's gateway vs the model directly)` : 'DIFFERENT'}, ` +
      `cwd ${parity?.cwdKindSame ? 'a fresh 20-character directory under the same WORKSPACE_ROOT for both' : 'DIFFERENT'}.`,
    `Checks: ${n}/${n} A replies and ${b.length}/${b.length} B results were \`${EXPECTED}\`. ` +
      `Server stopped with SIGTERM: exit code ${closeReport.serverExit.code}${closeReport.serverExit.signal ? `, signal ${closeReport.serverExit.signal}` : ''}` +
      `${closeReport.serverKilled ? ' (needed SIGKILL)' : ''}; temp dirs removed: ${closeReport.rootRemoved ? 'yes' : 'NO'}.`,
  ].join('\n');

  return { id: 'turn-overhead', title: 'Turn overhead', markdown: md, targetMet: met };
}

export const turnOverhead: Scenario = { id: 'turn-overhead', title: 'Turn overhead', run };
