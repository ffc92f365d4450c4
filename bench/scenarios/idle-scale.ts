/**
 * Scenario 4, idle scale: 10,000 sessions that never ran a turn.
 *
 * - created through the API (`POST /api/v1/sessions {}`, 8 requests in flight), with
 *   MAX_SESSIONS and MAX_SESSIONS_PER_KEY raised and the rate limits out of reach;
 * - server memory: VmRSS of the server process (/proc/<pid>/status) before and after;
 * - disk per session: `du` of WORKSPACE_ROOT (which holds STATE_DIR, `.state/`) ÷ sessions;
 * - CLI processes: the server's descendants running the CLI, sampled after creation, after the
 *   listing and after the restart (the server's own one-off `claude --version` at start-up is
 *   waited out first);
 * - `GET /api/v1/sessions?limit=50`: the first page over and over, and whole walks following
 *   nextCursor to the end (each walk checks it saw every session exactly once);
 * - start-up with them on disk: SIGTERM, then a new server on the same root; spawn → its
 *   `listening` line, spawn → first 200 from /health, and the session count it reports.
 */
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { ms, table } from '../report.js';
import { summarize, type Summary } from '../stats.js';
import { JsonClient } from '../support/http.js';
import { buildService, START_NODE_FLAGS } from '../support/build.js';
import { CLAUDE_BIN, REPO_ROOT } from '../../tests/support/cli-env.js';
import { descendants, rssKiB, treePids } from '../support/procfs.js';
import { stackRoots, startStack, type Stack, withServerOutput } from '../support/stack.js';
import type { BenchContext, Scenario, ScenarioResult } from './types.js';

const SESSIONS = 10_000;
const IN_FLIGHT = 8;
const PAGE = 50;
const FIRST_PAGE_REQUESTS = 200;
const WALKS = 2;
const TARGET_RSS_MIB = 150;
// Issue 19: the idle process tree of `npm start`.
const TARGET_TREE_MIB = 100;
const TARGET_LIST_P99_MS = 20;
const SETTLE_MS = 10_000;

interface ListReply {
  sessions: Array<{ id: string }>;
  nextCursor: string | null;
}

/** CLI processes under the server: any descendant whose argv names the CLI binary. */
function cliProcesses(stack: Stack): number {
  return descendants(stack.serverPid).filter((p) => p.argv.some((a) => a === stack.bin || a.endsWith('/claude') || a.endsWith('/claude.exe')))
    .length;
}

/** Waits (up to 30 s) for the server's start-up `claude --version` to be gone, then counts CLI processes. */
async function settledCliCount(stack: Stack): Promise<number> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const n = cliProcesses(stack);
    if (n === 0 || Date.now() > deadline) return n;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function du(dir: string): Promise<{ bytes: number; apparentBytes: number; inodes: number }> {
  const run = async (args: string[]) => Number((await promisify(execFile)('du', [...args, dir])).stdout.split(/\s/)[0]);
  return {
    bytes: await run(['-s', '--block-size=1']),
    apparentBytes: await run(['-s', '--apparent-size', '--block-size=1']),
    inodes: await run(['-s', '--inodes']),
  };
}

async function timedGet(client: JsonClient, path: string): Promise<{ ms: number; body: ListReply }> {
  const t0 = performance.now();
  const r = await client.request<ListReply>('GET', path);
  const elapsed = performance.now() - t0;
  if (r.status !== 200) throw new Error(`GET ${path} answered ${r.status}: ${JSON.stringify(r.body).slice(0, 500)}`);
  return { ms: elapsed, body: r.body };
}

async function listing(client: JsonClient, expected: number): Promise<{ first: number[]; walk: number[] }> {
  const first: number[] = [];
  const walk: number[] = [];
  // Interleaved: a few first pages, a walk, a few first pages, ...
  const perGap = Math.ceil(FIRST_PAGE_REQUESTS / (WALKS + 1));
  const firstPages = async (n: number) => {
    for (let i = 0; i < n; i++) first.push((await timedGet(client, `/sessions?limit=${PAGE}`)).ms);
  };
  for (let w = 0; w < WALKS; w++) {
    await firstPages(perGap);
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const r: { ms: number; body: ListReply } = await timedGet(client, `/sessions?limit=${PAGE}${cursor ? `&cursor=${cursor}` : ''}`);
      walk.push(r.ms);
      for (const s of r.body.sessions) {
        if (seen.has(s.id)) throw new Error(`walk ${w + 1}: session ${s.id} listed twice`);
        seen.add(s.id);
      }
      cursor = r.body.nextCursor;
    } while (cursor);
    if (seen.size !== expected) throw new Error(`walk ${w + 1}: saw ${seen.size} sessions, expected ${expected}`);
  }
  await firstPages(FIRST_PAGE_REQUESTS - perGap * WALKS);
  return { first, walk };
}

/** The heap V8 reports (prom-client's default metrics on /metrics), MiB. */
async function heapUsedMiB(stack: Stack): Promise<number> {
  const text = await (await fetch(`${stack.api}/metrics`)).text();
  const m = /^nodejs_heap_size_used_bytes (\S+)$/m.exec(text);
  return m ? Number(m[1]) / 2 ** 20 : Number.NaN;
}

/** One process of the `npm start` tree: resident set, and its proportional share (shared pages split among their users). */
interface TreeProcess { pid: number; cmd: string; rssKiB: number; pssKiB: number }

const sumKiB = (tree: TreeProcess[], key: 'rssKiB' | 'pssKiB') => tree.reduce((a, p) => a + p[key], 0);

function pssKiB(pid: number): number {
  const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
  return m ? Number(m[1]) : Number.NaN;
}

// How long `npm start` is left alone before its idle tree is judged: V8's memory reducer frees npm's and the
// server's start-up garbage after some 10–25 s without activity (npm ~70 → ~46 MiB PSS on a 2-core machine).
const IDLE_SETTLE_MS = 30_000;

/**
 * The process tree of `npm start` as a user runs it (npm, its shell, the compiled server), empty:
 * 2 s after its first /health answer (start-up garbage still held) and idle IDLE_SETTLE_MS later.
 */
async function npmStartTree(): Promise<{ early: TreeProcess[]; settled: TreeProcess[] }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'cca-bench-npm-'));
  stackRoots.add(root);
  const npm = spawn('npm', ['start', '--silent'], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: root, PORT: '0', LOG_LEVEL: 'info', WORKSPACE_ROOT: path.join(root, 'ws'), PREWARM_PROCESSES: '0', CLAUDE_BIN, ANTHROPIC_BASE_URL: 'http://127.0.0.1:9' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  npm.stdout.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-65_536)));
  npm.stderr.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-65_536)));
  try {
    const deadline = Date.now() + 120_000;
    let url: string | undefined;
    while (!(url = /"url":"(http:[^"]+)"/.exec(out)?.[1])) {
      if (npm.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not come up:\n${out.slice(-4000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await (await fetch(`${url}/api/v1/health`)).arrayBuffer();
    const tree = () => treePids(npm.pid!).map((pid) => ({ pid, cmd: readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' '), rssKiB: rssKiB(pid), pssKiB: pssKiB(pid) }));
    await new Promise((r) => setTimeout(r, 2000));
    const early = tree();
    await new Promise((r) => setTimeout(r, IDLE_SETTLE_MS));
    return { early, settled: tree() };
  } finally {
    try {
      process.kill(-npm.pid!, 'SIGTERM');
    } catch {}
    await Promise.race([once(npm, 'exit'), new Promise((r) => setTimeout(r, 10_000))]);
    try {
      process.kill(-npm.pid!, 'SIGKILL');
    } catch {}
    await rm(root, { recursive: true, force: true });
    stackRoots.delete(root);
  }
}

async function run(ctx: BenchContext): Promise<ScenarioResult> {
  const build = await buildService();
  stackRoots.add(build.root);
  try {
    return await measure(ctx, build.entry, build.files, build.ms);
  } finally {
    await build.remove();
  }
}

async function measure(ctx: BenchContext, entry: string, builtFiles: number, buildMs: number): Promise<ScenarioResult> {
  const npmTrees = await npmStartTree();
  const npmTreeRss = sumKiB(npmTrees.settled, 'rssKiB');
  const npmTreePss = sumKiB(npmTrees.settled, 'pssKiB');
  const stack = await startStack({
    maxConcurrentTurns: 1,
    entry,
    serverEnv: { MAX_SESSIONS: String(SESSIONS * 2), MAX_SESSIONS_PER_KEY: String(SESSIONS * 2) },
  });
  const client = new JsonClient(stack.api);
  try {
    const cliAtStart = await settledCliCount(stack);
    const rssEmptyKiB = rssKiB(stack.serverPid);

    // Create.
    const t0 = performance.now();
    let made = 0;
    const createMs: number[] = [];
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        const c = new JsonClient(stack.api);
        try {
          while (made < SESSIONS) {
            made++;
            const s = performance.now();
            const r = await c.post('/sessions', {});
            createMs.push(performance.now() - s);
            if (r.status !== 201) throw new Error(`POST /sessions answered ${r.status}: ${JSON.stringify(r.body).slice(0, 500)}`);
          }
        } finally {
          c.close();
        }
      }),
    );
    const createWallMs = performance.now() - t0;
    ctx.log(`created ${SESSIONS} sessions in ${(createWallMs / 1000).toFixed(1)} s`);
    const rssAfterCreateKiB = rssKiB(stack.serverPid);
    const cliAfterCreate = cliProcesses(stack);
    const disk = await du(stack.workspaceRoot);

    // List.
    const warm = await listing(client, SESSIONS);
    void warm; // a first round to warm the server's code paths up; not counted
    const listed = await listing(client, SESSIONS);
    const rssAfterListKiB = rssKiB(stack.serverPid);
    const cliAfterList = cliProcesses(stack);
    // Idle for a while: V8 collects the garbage of the burst and may give memory back.
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const rssSettledKiB = rssKiB(stack.serverPid);
    const heapSettledMiB = await heapUsedMiB(stack);
    const sFirst = summarize(listed.first);
    const sWalk = summarize(listed.walk);
    const sAll = summarize([...listed.first, ...listed.walk]);
    ctx.log(`GET /sessions?limit=${PAGE}: ${sAll.n} requests, p50 ${ms(sAll.median, 2)} ms, p99 ${ms(sAll.p99, 2)} ms`);

    // Restart on the same root.
    client.close();
    const restart = await stack.restart();
    const after = new JsonClient(stack.api);
    let restoredCount = -1;
    let restartedFirst: Summary;
    try {
      const health = await after.request<{ sessions: { total: number } }>('GET', '/health');
      restoredCount = health.body.sessions.total;
      const first: number[] = [];
      for (let i = 0; i < 50; i++) first.push((await timedGet(after, `/sessions?limit=${PAGE}`)).ms);
      restartedFirst = summarize(first);
    } finally {
      after.close();
    }
    const cliAfterRestart = await settledCliCount(stack);
    const rssRestartedKiB = rssKiB(stack.serverPid);
    const heapRestartedMiB = await heapUsedMiB(stack);
    ctx.log(`restart: listening after ${ms(restart.spawnToListeningMs, 0)} ms, healthy after ${ms(restart.spawnToHealthyMs, 0)} ms, ${restoredCount} sessions`);

    const mib = (k: number) => (k / 1024).toFixed(1);
    // Each process of an npm start tree: its command's first two words, RSS/PSS in MiB.
    const treeParts = (tree: TreeProcess[]) => tree.map((p) => `${p.cmd.split(' ').slice(0, 2).join(' ')} ${mib(p.rssKiB)}/${mib(p.pssKiB)}`).join('; ');
    const rssPeak = Math.max(rssAfterCreateKiB, rssAfterListKiB, rssSettledKiB, rssRestartedKiB) / 1024;
    const cliMax = Math.max(cliAfterCreate, cliAfterList, cliAfterRestart);
    const rssMet = rssPeak < TARGET_RSS_MIB;
    const listMet = sAll.p99 < TARGET_LIST_P99_MS;
    const cliMet = cliMax === 0;
    const restoredOk = restoredCount === SESSIONS;
    const row = (label: string, s: Summary) => [label, String(s.n), ms(s.median, 2), ms(s.p95, 2), ms(s.p99, 2), ms(s.max, 2)];
    const md = [
      `## Idle scale: ${SESSIONS.toLocaleString('en')} sessions without turns`,
      '',
      `The server runs as deployed (\`node ${START_NODE_FLAGS.join(' ')} dist/main.js\`, as \`npm start\` and the Dockerfile run it; the ${builtFiles} sources transpiled in ${ms(buildMs, 0)} ms by bench/support/build.ts), ` +
        `not under tsx, whose loader thread and compiled sources add about 30 MiB to any figure of the process's memory. PSS counts a page shared by n processes (the node binary\'s text, mapped by npm and the server) as 1/n in each. ` +
        `Created through the API (\`POST /api/v1/sessions {}\`, ${IN_FLIGHT} in flight): ${(createWallMs / 1000).toFixed(1)} s, ` +
        `${(SESSIONS / (createWallMs / 1000)).toFixed(0)} sessions/s (per request median ${ms(summarize(createMs).median, 1)} ms, ` +
        `p99 ${ms(summarize(createMs).p99, 1)} ms). MAX_SESSIONS and MAX_SESSIONS_PER_KEY ${SESSIONS * 2}, rate limits out of reach.`,
      '',
      table(['', 'value', 'target'], [
        ['CLI processes under the server (after creating, after listing, after the restart)', `**${cliAfterCreate}, ${cliAfterList}, ${cliAfterRestart}**`, `0: **${cliMet ? 'met' : 'missed'}**`],
        ['server RSS, empty (after start-up)', `${mib(rssEmptyKiB)} MiB`, ''],
        [
          `\`npm start\` process tree, empty, 2 s after its first /health answer (start-up garbage not yet collected): Σ RSS / Σ PSS (${treeParts(npmTrees.early)})`,
          `${mib(sumKiB(npmTrees.early, 'rssKiB'))} / ${mib(sumKiB(npmTrees.early, 'pssKiB'))} MiB`,
          '',
        ],
        [
          `\`npm start\` process tree, empty, idle ${IDLE_SETTLE_MS / 1000} s later: Σ RSS / Σ PSS (${treeParts(npmTrees.settled)})`,
          `**${mib(npmTreeRss)} / ${mib(npmTreePss)} MiB**`,
          `≤ ${TARGET_TREE_MIB} MiB: **${npmTreeRss / 1024 <= TARGET_TREE_MIB ? 'met' : npmTreePss / 1024 <= TARGET_TREE_MIB ? 'met by PSS only' : 'missed'}**`,
        ],
        [
          `server RSS with ${SESSIONS} sessions: after creating / after listing / after ${SETTLE_MS / 1000} s idle / after the restart (loaded from disk)`,
          `**${mib(rssAfterCreateKiB)} / ${mib(rssAfterListKiB)} / ${mib(rssSettledKiB)} / ${mib(rssRestartedKiB)} MiB**`,
          `< ${TARGET_RSS_MIB} MiB (the highest): **${rssMet ? 'met' : 'missed'}**`,
        ],
        [`V8 heap in use (nodejs_heap_size_used_bytes): idle with ${SESSIONS} sessions / after the restart`, `${heapSettledMiB.toFixed(1)} / ${heapRestartedMiB.toFixed(1)} MiB`, ''],
        ['disk per session (du of WORKSPACE_ROOT incl. STATE_DIR ÷ sessions): allocated / apparent', `${(disk.bytes / SESSIONS / 1024).toFixed(1)} KiB / ${(disk.apparentBytes / SESSIONS / 1024).toFixed(2)} KiB`, ''],
        ['inodes per session', (disk.inodes / SESSIONS).toFixed(2), ''],
        ['restart: SIGTERM → exit', `${ms(restart.stopMs, 0)} ms (exit code ${restart.stopExit.code})`, ''],
        ['restart: spawn → `listening` (sessions loaded)', `${ms(restart.spawnToListeningMs, 0)} ms`, ''],
        ['restart: spawn → first 200 from /health', `${ms(restart.spawnToHealthyMs, 0)} ms`, ''],
        ['sessions reported by /health after the restart', String(restoredCount), String(SESSIONS)],
      ], ['l', 'r', 'l']),
      '',
      `\`GET /api/v1/sessions?limit=${PAGE}\` (one keep-alive connection, request → full JSON reply; a first round of the same requests ran before, not counted):`,
      '',
      table(['list latency (ms)', 'requests', 'median', 'p95', 'p99', 'max'], [
        row('first page', sFirst),
        row(`cursor walks (${WALKS} × ${SESSIONS / PAGE} pages, each saw every session once)`, sWalk),
        row('all', sAll),
        row('first page after the restart', restartedFirst),
      ]),
      '',
      `**List p99 ${ms(sAll.p99, 2)} ms** (target < ${TARGET_LIST_P99_MS} ms: **${listMet ? 'met' : 'missed'}**); ` +
        `**RSS ${rssPeak.toFixed(1)} MiB** at most (target < ${TARGET_RSS_MIB} MiB: **${rssMet ? 'met' : 'missed'}**); ` +
        `**${cliMax} CLI processes** (target 0: **${cliMet ? 'met' : 'missed'}**; ${cliAtStart} before the sessions were made).`,
    ].join('\n');
    return { id: 'idle-scale', title: 'Idle scale', markdown: md, targetMet: listMet && rssMet && cliMet && restoredOk };
  } catch (err) {
    throw withServerOutput(err, stack);
  } finally {
    client.close();
    await stack.close();
  }
}

export const idleScale: Scenario = { id: 'idle-scale', title: 'Idle scale', run };
