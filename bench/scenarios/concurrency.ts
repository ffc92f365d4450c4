/**
 * Scenario 3, concurrency sweep: N sessions each running TURNS consecutive turns, all N at
 * once, through the API (A) against N directories each running the same turns with the CLI
 * started directly (B), for N = 1, 4, 16.
 *
 * A: N sessions are created first (not timed); then N workers, one per session, each with its
 *    own keep-alive connection, send `POST /sessions/:id/messages {"prompt":"hello"}` TURNS
 *    times in a row (the service runs the first turn fresh, later ones with --continue).
 *    MAX_CONCURRENT_TURNS = 16: nothing queues.
 * B: N fresh directories under the same WORKSPACE_ROOT; N workers each run TURNS CLI turns in
 *    their directory with the service's argv (--continue from the second turn on), environment
 *    and stdin (bench/support/direct-cli.ts).
 *
 * Throughput = turns ÷ wall time from the first request (spawn) to the last reply (exit);
 * latency = each turn's request → reply (spawn → exit). Each level runs in rounds AB then BA
 * (repeated for the cheaper levels), so drift lands on both sides; the figures add the rounds up.
 *
 * Then a queueing run: a server with MAX_CONCURRENT_TURNS = 4 takes the 16-session load: the
 * excess turns wait in the FIFO queue (each non-streaming reply's `queued` event says so) and
 * none may fail.
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildCliArgs } from '../../src/cli/args.js';
import { ms, table } from '../report.js';
import { percentile, summarize } from '../stats.js';
import { runDirectTurn, SERVICE_FIRST_TURN_ARGS, userMessageLine } from '../support/direct-cli.js';
import { JsonClient } from '../support/http.js';
import { startStack, type Stack, withServerOutput } from '../support/stack.js';
import type { BenchContext, Scenario, ScenarioResult } from './types.js';
import { newSessionId } from '../../src/sessions/session-ids.js';

const LEVELS = [1, 4, 16];
/** AB/BA round pairs per level: the small levels are cheap and noisier, so they run more. */
const ROUND_PAIRS: Record<number, number> = { 1: 3, 4: 2, 16: 1 };
const TURNS = 3;
const PROMPT = 'hello';
const EXPECTED = 'echo: hello';
const TARGET_RATIO = 0.9;
const QUEUE_SLOTS = 4;
const QUEUE_SESSIONS = 16;
// A directory named like a session's workspace.
const dirName = newSessionId;

interface RunResult {
  wallMs: number;
  latenciesMs: number[];
  turns: number;
  /** turns whose reply carried a `queued` event (A only) */
  queuedTurns: number;
  maxQueuePosition: number;
}

const FIRST_ARGS = [...SERVICE_FIRST_TURN_ARGS];
// The argv of a later turn: what the service builds for a session created with `{}`.
const CONTINUE_ARGS = buildCliArgs(
  { model: 'sonnet', permissionMode: 'default', permissionPolicy: 'deny' },
  { continueConversation: true, partialMessages: false },
);

async function apiRun(stack: Stack, n: number): Promise<RunResult> {
  const clients = Array.from({ length: n }, () => new JsonClient(stack.api));
  const ids: string[] = [];
  try {
    for (const c of clients) {
      const r = await c.post<{ session: { id: string } }>('/sessions', {});
      if (r.status !== 201) throw new Error(`POST /sessions answered ${r.status}: ${JSON.stringify(r.body)}`);
      ids.push(r.body.session.id);
    }
    const latenciesMs: number[] = [];
    let queuedTurns = 0;
    let maxQueuePosition = 0;
    const t0 = performance.now();
    await Promise.all(
      clients.map(async (c, i) => {
        for (let k = 0; k < TURNS; k++) {
          const s = performance.now();
          const r = await c.post<{ status: string; response: string; events: Array<{ type: string; position?: number }> }>(
            `/sessions/${ids[i]}/messages`,
            { prompt: PROMPT },
          );
          latenciesMs.push(performance.now() - s);
          if (r.status !== 200 || r.body.status !== 'completed' || r.body.response !== EXPECTED) {
            throw new Error(`turn answered ${r.status}: ${JSON.stringify(r.body).slice(0, 1000)}`);
          }
          const q = r.body.events.filter((e) => e.type === 'queued');
          if (q.length) queuedTurns++;
          for (const e of q) maxQueuePosition = Math.max(maxQueuePosition, e.position ?? 0);
        }
      }),
    );
    const wallMs = performance.now() - t0;
    return { wallMs, latenciesMs, turns: n * TURNS, queuedTurns, maxQueuePosition };
  } finally {
    for (const [i, id] of ids.entries()) await clients[i]!.delete(`/sessions/${id}`).catch(() => undefined);
    for (const c of clients) c.close();
  }
}

async function directRun(stack: Stack, n: number): Promise<RunResult> {
  const env = { ...stack.cliEnv, CLAUDE_BIN: stack.bin };
  const dirs = Array.from({ length: n }, () => path.join(stack.workspaceRoot, dirName()));
  for (const d of dirs) await mkdir(d);
  try {
    const latenciesMs: number[] = [];
    const t0 = performance.now();
    await Promise.all(
      dirs.map(async (cwd) => {
        for (let k = 0; k < TURNS; k++) {
          const turn = await runDirectTurn({ bin: stack.bin, args: k === 0 ? FIRST_ARGS : CONTINUE_ARGS, cwd, env, input: userMessageLine(PROMPT) });
          latenciesMs.push(turn.ms);
          if (turn.exitCode !== 0 || turn.result?.result !== EXPECTED) {
            throw new Error(`direct turn: exit ${turn.exitCode}/${turn.signal}, result ${JSON.stringify(turn.result)?.slice(0, 500)}, stderr ${turn.stderr.slice(-500)}`);
          }
        }
      }),
    );
    return { wallMs: performance.now() - t0, latenciesMs, turns: n * TURNS, queuedTurns: 0, maxQueuePosition: 0 };
  } finally {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  }
}

const merge = (runs: RunResult[]): RunResult => ({
  wallMs: runs.reduce((s, r) => s + r.wallMs, 0),
  latenciesMs: runs.flatMap((r) => r.latenciesMs),
  turns: runs.reduce((s, r) => s + r.turns, 0),
  queuedTurns: runs.reduce((s, r) => s + r.queuedTurns, 0),
  maxQueuePosition: Math.max(...runs.map((r) => r.maxQueuePosition)),
});

const perSecond = (r: RunResult) => r.turns / (r.wallMs / 1000);

async function withStack<T>(opts: Parameters<typeof startStack>[0], fn: (s: Stack) => Promise<T>): Promise<T> {
  const stack = await startStack(opts);
  try {
    return await fn(stack);
  } catch (err) {
    throw withServerOutput(err, stack);
  } finally {
    await stack.close();
  }
}

async function run(ctx: BenchContext): Promise<ScenarioResult> {
  const expectedContinue = [...FIRST_ARGS.slice(0, 5), '--continue', ...FIRST_ARGS.slice(5)];
  if (JSON.stringify(CONTINUE_ARGS) !== JSON.stringify(expectedContinue)) {
    throw new Error(`the service's argv changed: ${CONTINUE_ARGS.join(' ')}; update bench/support/direct-cli.ts`);
  }
  const results = await withStack({ maxConcurrentTurns: Math.max(...LEVELS) }, async (stack) => {
    // One turn each way first: the CLI's first start in a new HOME is slower than the rest.
    await apiRun(stack, 1);
    await directRun(stack, 1);
    const out: Array<{ n: number; a: RunResult; b: RunResult }> = [];
    for (const n of LEVELS) {
      const a: RunResult[] = [];
      const b: RunResult[] = [];
      const orders = Array.from({ length: ROUND_PAIRS[n] ?? 1 }, () => [['A', 'B'], ['B', 'A']] as const).flat();
      for (const order of orders) {
        for (const side of order) {
          const r = side === 'A' ? await apiRun(stack, n) : await directRun(stack, n);
          (side === 'A' ? a : b).push(r);
          ctx.log(`${n} at once, ${side}: ${r.turns} turns in ${ms(r.wallMs, 0)} ms = ${perSecond(r).toFixed(2)} turns/s, p95 ${ms(percentile(r.latenciesMs, 0.95), 0)} ms`);
        }
      }
      out.push({ n, a: merge(a), b: merge(b) });
    }
    return out;
  });

  const queued = await withStack({ maxConcurrentTurns: QUEUE_SLOTS }, async (stack) => {
    await apiRun(stack, 1);
    const r = await apiRun(stack, QUEUE_SESSIONS);
    ctx.log(`${QUEUE_SESSIONS} sessions on ${QUEUE_SLOTS} slots: ${r.turns} turns completed, ${r.queuedTurns} queued (max position ${r.maxQueuePosition}), ${perSecond(r).toFixed(2)} turns/s`);
    return r;
  });

  const rows = results.map(({ n, a, b }) => {
    const ratio = perSecond(a) / perSecond(b);
    const sa = summarize(a.latenciesMs);
    const sb = summarize(b.latenciesMs);
    return { n, ratio, cells: [String(n), String(a.turns), perSecond(a).toFixed(2), perSecond(b).toFixed(2), `**${ratio.toFixed(3)}**`, ms(sa.median, 0), ms(sb.median, 0), ms(sa.p95, 0), ms(sb.p95, 0)] };
  });
  const met = rows.every((r) => r.ratio >= TARGET_RATIO);
  const sq = summarize(queued.latenciesMs);
  const queueOk = queued.turns === QUEUE_SESSIONS * TURNS && queued.queuedTurns > 0;
  const md = [
    '## Concurrency sweep: N sessions at once, API vs direct CLI',
    '',
    `N sessions each run ${TURNS} consecutive turns (\`hello\`, reply checked), all N at once; the same number of ` +
      `directories run the same CLI turns directly (the service's argv with \`--continue\` from the second turn, its ` +
      `environment and stdin line). Each level runs in rounds AB, BA (${LEVELS.map((n) => `${2 * (ROUND_PAIRS[n] ?? 1)} at ${n}`).join(', ')}) and the figures add the rounds up; ` +
      `MAX_CONCURRENT_TURNS = ${Math.max(...LEVELS)}, so nothing queues. Throughput = turns ÷ wall time of the run.`,
    '',
    table(
      ['N at once', 'turns per side', 'API turns/s', 'direct turns/s', 'API ÷ direct', 'API median ms', 'direct median ms', 'API p95 ms', 'direct p95 ms'],
      rows.map((r) => r.cells),
    ),
    '',
    `**Throughput ratio API ÷ direct: ${rows.map((r) => `${r.ratio.toFixed(3)} at ${r.n}`).join(', ')}** ` +
      `(target ≥ ${TARGET_RATIO} at every level: **${met ? 'met' : 'missed'}**).`,
    '',
    `Queueing: ${QUEUE_SESSIONS} sessions × ${TURNS} turns on a server with MAX_CONCURRENT_TURNS = ${QUEUE_SLOTS}: ` +
      `**${queued.turns}/${QUEUE_SESSIONS * TURNS} turns completed, none failed**; ${queued.queuedTurns} waited in the queue ` +
      `(deepest position ${queued.maxQueuePosition}); ${perSecond(queued).toFixed(2)} turns/s, latency median ${ms(sq.median, 0)} ms, ` +
      `p95 ${ms(sq.p95, 0)} ms, max ${ms(sq.max, 0)} ms (queue wait included).`,
  ].join('\n');
  return { id: 'concurrency', title: 'Concurrency sweep', markdown: md, targetMet: met && queueOk };
}

export const concurrency: Scenario = { id: 'concurrency', title: 'Concurrency sweep', run };
