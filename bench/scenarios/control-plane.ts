/**
 * Scenario 5, control plane: requests per second of cheap API routes with the service's whole
 * request path on (an API key, rate limiting with budgets out of reach, access logging at
 * LOG_LEVEL=info into a file, metrics), against a bare Hono app on @hono/node-server serving
 * the same two routes (bench/support/hello-server.ts), on the same machine.
 *
 * Load: autocannon, in this process, CONNECTIONS keep-alive connections, a WARMUP_S run (not
 * counted) then a DURATION_S run per target. Two rounds, the second in reverse order, so
 * drift lands on both sides; a route's figure is the mean of its two runs. Every reply must be
 * a 2xx.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { REPO_ROOT } from '../../tests/support/cli-env.js';
import { ms, table } from '../report.js';
import { mean } from '../stats.js';
import { busyByCategory, readOnlyProfile } from '../support/cpu-profile.js';
import { cpuDelta, readCpu } from '../support/procfs.js';
import { stackRoots, startStack, type Stack, withServerOutput } from '../support/stack.js';
import type { BenchContext, Scenario, ScenarioResult } from './types.js';

const CONNECTIONS = 10;
const DURATION_S = 5;
const WARMUP_S = 1;
const TARGET_RATIO = 0.8;
/** The reference: bare Hono plus this much busy CPU per request, to show what the target leaves room for. */
const SPIN_US = 2;
const API_KEY = 'bench-key-0123456789abcdef';
const HELLO = fileURLToPath(new URL('../support/hello-server.ts', import.meta.url));

interface Load {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  /** utime+stime of the server process over the counted run ÷ its duration: cores busy */
  serverCores: number;
  benchCores: number;
  /** the server's utime+stime per counted request, µs (10 ms clock ticks, over ~10^5 requests) */
  cpuUs: number;
}

async function startHello(spinUs = 0, nodeArgs: string[] = []): Promise<{ child: ChildProcess; url: string }> {
  const env = { PATH: process.env.PATH ?? '', SPIN_US: String(spinUs) };
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', HELLO], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'], env });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const deadline = Date.now() + 30_000;
  for (;;) {
    const m = /"url":"(http:[^"]+)"/.exec(out);
    if (m) return { child, url: m[1]! };
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`hello server did not start: ${out}`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function cannon(url: string, seconds: number, headers: Record<string, string>): Promise<autocannon.Result> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, headers });
  if (result.non2xx || result.errors || result.timeouts) {
    throw new Error(`${url}: ${result.non2xx} non-2xx replies, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
  return result;
}

async function load(url: string, pid: number, headers: Record<string, string>): Promise<Load> {
  await cannon(url, WARMUP_S, headers);
  const s0 = readCpu(pid);
  const b0 = readCpu('self');
  const t0 = performance.now();
  const r = await cannon(url, DURATION_S, headers);
  const wall = performance.now() - t0;
  const s = cpuDelta(s0, readCpu(pid));
  const b = cpuDelta(b0, readCpu('self'));
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    requests: r.requests.total,
    serverCores: s.selfMs / wall,
    benchCores: b.selfMs / wall,
    cpuUs: (s.selfMs * 1000) / r.requests.total,
  };
}

const PROFILE_S = 3;
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

interface Split {
  cpuUs: number;
  /** category → busy µs per request */
  perRequest: Map<string, number>;
}

/**
 * One PROFILE_S run against a process started under --cpu-prof (it writes the profile when it
 * exits): its CPU per request (utime+stime, profiler included) split in the shares of the
 * profile's busy samples taken during that run.
 */
async function profiledLoad(url: string, pid: number, headers: Record<string, string>, stop: () => Promise<void>, profDir: string): Promise<Split> {
  await cannon(url, WARMUP_S, headers);
  const c0 = readCpu(pid);
  const fromUs = monotonicUs();
  const r = await cannon(url, PROFILE_S, headers);
  const toUs = monotonicUs();
  const cpuUs = ((readCpu(pid).selfMs - c0.selfMs) * 1000) / r.requests.total;
  await stop();
  const busy = busyByCategory(readOnlyProfile(profDir), ourFile, { fromUs, toUs });
  const total = [...busy.values()].reduce((a, b) => a + b, 0);
  return { cpuUs, perRequest: new Map([...busy].map(([k, us]) => [k, (us / total) * cpuUs])) };
}

const SRC = path.join(REPO_ROOT, 'src') + path.sep;
const ourFile = (url: string): string | null => {
  if (!url.startsWith('file://')) return null;
  const file = fileURLToPath(url);
  if (file.startsWith(SRC)) return path.relative(REPO_ROOT, file);
  if (file === HELLO) return path.relative(REPO_ROOT, file);
  return null;
};

/** Service and bare, each under --cpu-prof, on one route: where each one's CPU per request goes. */
async function profileBoth(routePath: string, serverEnv: Record<string, string>, auth: Record<string, string>, tmp: string): Promise<{ api: Split; bare: Split }> {
  const apiDir = path.join(tmp, 'prof-api');
  const bareDir = path.join(tmp, 'prof-bare');
  const stack = await startStack({ serverEnv, logFile: path.join(tmp, 'server-profiled.log'), nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${apiDir}`] });
  let hello: { child: ChildProcess; url: string } | undefined;
  try {
    const created = await fetch(`${stack.api}/sessions`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{}' });
    if (created.status !== 201) throw new Error(`POST /sessions answered ${created.status}`);
    const { session } = (await created.json()) as { session: { id: string } };
    const api = await profiledLoad(`${stack.api}${routePath.replace(':id', session.id)}`, stack.serverPid, auth, async () => void (await stack.close()), apiDir);
    hello = await startHello(0, ['--cpu-prof', `--cpu-prof-dir=${bareDir}`]);
    const h = hello;
    const bare = await profiledLoad(`${h.url}/api/v1${routePath.replace(':id', session.id)}`, h.child.pid!, auth, async () => {
      h.child.kill('SIGTERM');
      if (h.child.exitCode === null) await once(h.child, 'exit');
    }, bareDir);
    return { api, bare };
  } finally {
    await stack.close();
    if (hello && hello.child.exitCode === null) {
      hello.child.kill('SIGKILL');
      await once(hello.child, 'exit');
    }
  }
}

function splitTable(split: { api: Split; bare: Split }): string {
  const cats = [...new Set([...split.api.perRequest.keys(), ...split.bare.perRequest.keys()])];
  const us = (m: Map<string, number>, k: string) => m.get(k) ?? 0;
  const rows = cats
    .map((k) => ({ k, a: us(split.api.perRequest, k), b: us(split.bare.perRequest, k) }))
    .sort((x, y) => y.a - x.a);
  // Our files below 1 µs each are summed into one row.
  const small = rows.filter((r) => r.k.startsWith('ours: ') && r.a < 1);
  const shown = rows.filter((r) => !small.includes(r) && (r.a >= 0.5 || r.b >= 0.5));
  const rest = rows.filter((r) => !small.includes(r) && !shown.includes(r));
  const line = (name: string, a: number, b: number) => [name, a.toFixed(1), b.toFixed(1), (a - b).toFixed(1)];
  return table(
    ['where the CPU went (profile shares × CPU per request)', 'service µs/request', 'bare µs/request', 'difference'],
    [
      ...shown.map((r) => line(r.k, r.a, r.b)),
      ...(small.length ? [line(`ours: ${small.length} more files, each < 1 µs`, small.reduce((t, r) => t + r.a, 0), small.reduce((t, r) => t + r.b, 0))] : []),
      ...(rest.length ? [line('the rest (each < 0.5 µs)', rest.reduce((t, r) => t + r.a, 0), rest.reduce((t, r) => t + r.b, 0))] : []),
      line('**total** (utime+stime under the profiler)', split.api.cpuUs, split.bare.cpuUs),
    ],
  );
}

async function run(ctx: BenchContext): Promise<ScenarioResult> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'cca-bench-control-'));
  stackRoots.add(tmp);
  const logFile = path.join(tmp, 'server.log');
  let stack: Stack | undefined;
  let hello: { child: ChildProcess; url: string } | undefined;
  let spin: { child: ChildProcess; url: string } | undefined;
  try {
    const serverEnv = { LOG_LEVEL: 'info', API_KEYS: `bench:${API_KEY}`, RATE_LIMIT_MAX: '1000000000', RATE_LIMIT_TURNS_MAX: '1000000000' };
    stack = await startStack({ logFile, serverEnv });
    hello = await startHello();
    spin = await startHello(SPIN_US);
    const auth = { 'x-api-key': API_KEY };
    const created = await fetch(`${stack.api}/sessions`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{}' });
    if (created.status !== 201) throw new Error(`POST /sessions answered ${created.status}`);
    const { session } = (await created.json()) as { session: { id: string } };
    // Without the key the service refuses: authentication really is on the measured path.
    const refused = await fetch(`${stack.api}/sessions/${session.id}`);
    await refused.arrayBuffer();
    if (refused.status !== 401) throw new Error(`GET /sessions/:id without a key answered ${refused.status}, not 401`);

    const routes = [
      { name: 'GET /api/v1/health', path: '/health' },
      { name: 'GET /api/v1/sessions/:id', path: `/sessions/${session.id}` },
    ];
    const results = new Map<string, { api: Load[]; hello: Load[]; spin: Load[] }>(routes.map((r) => [r.name, { api: [], hello: [], spin: [] }]));
    const plan = routes.flatMap((r) => [
      { route: r, side: 'hello' as const },
      { route: r, side: 'api' as const },
      { route: r, side: 'spin' as const },
    ]);
    let apiRequests = 0;
    for (const order of [plan, [...plan].reverse()]) {
      for (const { route, side } of order) {
        const other = side === 'spin' ? spin : hello;
        const url = side === 'api' ? `${stack.api}${route.path}` : `${other.url}/api/v1${route.path}`;
        const pid = side === 'api' ? stack.serverPid : other.child.pid!;
        const l = await load(url, pid, auth);
        results.get(route.name)![side].push(l);
        if (side === 'api') apiRequests += l.requests;
        ctx.log(`${route.name} ${side}: ${l.rps.toFixed(0)} req/s, p99 ${l.p99} ms, server ${(l.serverCores * 100).toFixed(0)}% of a core, load generator ${(l.benchCores * 100).toFixed(0)}%`);
      }
    }
    const logged = (await readFile(logFile, 'utf8')).split('\n').filter((l) => l.includes('"msg":"request"')).length;
    const profiledRoute = '/sessions/:id';
    ctx.log(`profiling GET /api/v1${profiledRoute}, service and bare`);
    const split = await profileBoth(profiledRoute, serverEnv, auth, tmp);

    const rows = routes.map((r) => {
      const { api, hello: base, spin: spun } = results.get(r.name)!;
      const a = mean(api.map((l) => l.rps));
      const h = mean(base.map((l) => l.rps));
      const sp = mean(spun.map((l) => l.rps));
      return {
        name: r.name,
        ratio: a / h,
        spinRatio: sp / h,
        cells: [
          r.name,
          a.toFixed(0),
          h.toFixed(0),
          `**${(a / h).toFixed(3)}**`,
          `${ms(mean(api.map((l) => l.p50)), 1)} / ${ms(mean(api.map((l) => l.p99)), 1)}`,
          `${ms(mean(base.map((l) => l.p50)), 1)} / ${ms(mean(base.map((l) => l.p99)), 1)}`,
          `${(mean(api.map((l) => l.serverCores)) * 100).toFixed(0)}% / ${(mean(base.map((l) => l.serverCores)) * 100).toFixed(0)}%`,
          `${mean(api.map((l) => l.cpuUs)).toFixed(1)} / ${mean(base.map((l) => l.cpuUs)).toFixed(1)}`,
          `${sp.toFixed(0)} (**${(sp / h).toFixed(3)}**)`,
        ],
      };
    });
    const met = rows.every((r) => r.ratio >= TARGET_RATIO);
    const md = [
      '## Control plane: requests/s through the whole request path vs bare Hono',
      '',
      `autocannon (in the benchmark process), ${CONNECTIONS} connections, ${WARMUP_S} s warm-up then ${DURATION_S} s counted per run; ` +
        `two rounds (the second in reverse order), figures are the mean of both. **Service**: the real server with an API key ` +
        `(\`x-api-key\` on every request; without it the same route answers 401), rate limiting on (budgets out of reach), ` +
        `LOG_LEVEL=info with stdout to a file (${logged} access-log lines written for ${apiRequests} counted requests, warm-ups add the rest), ` +
        `request ids, response headers (X-Request-Id, RateLimit-*, nosniff), Prometheus metrics. **Bare**: bench/support/hello-server.ts, a Hono app with the same two routes on ` +
        `@hono/node-server, nothing else; both run as \`node --import tsx\`.`,
      '',
      table(
        ['route', 'service req/s', 'bare req/s', 'service ÷ bare', 'service p50 / p99 ms', 'bare p50 / p99 ms', 'server CPU: service / bare', 'server CPU µs per request: service / bare', `bare + ${SPIN_US} µs CPU per request: req/s (÷ bare)`],
        rows.map((r) => r.cells),
      ),
      '',
      `**Ratio service ÷ bare: ${rows.map((r) => `${r.ratio.toFixed(3)} for ${r.name}`).join(', ')}** (target ≥ ${TARGET_RATIO}: **${met ? 'met' : 'missed'}**). ` +
        `Server CPU is the serving process's utime+stime over the counted run (100% = one core busy: the server, single-threaded, was the bottleneck).`,
      '',
      `The last column is a reference, not a baseline: the bare app plus a middleware that spins ${SPIN_US} µs of CPU per request ` +
        `(${rows.map((r) => `${r.spinRatio.toFixed(3)} of bare for ${r.name}`).join(', ')}). It shows how much work per request the ` +
        `target leaves: on this machine the load generator shares the two cores, and each reply to a waiting client costs a wake-up ` +
        `in the kernel, so a few µs of work per request lower requests/s by more than their own share.`,
      '',
      `**What bounds it**: each side once more under \`node --cpu-prof\` (fresh processes, ${WARMUP_S} s warm-up, ${PROFILE_S} s counted, GET /api/v1${profiledRoute}); ` +
        `each one's CPU per request in that run is split in the shares of its profile's busy samples taken during the counted run ` +
        `(self time by the innermost frame; a native frame counts for the JS that called it, except socket system calls).`,
      '',
      splitTable(split),
    ].join('\n');
    return { id: 'control-plane', title: 'Control plane', markdown: md, targetMet: met };
  } catch (err) {
    throw withServerOutput(err, stack);
  } finally {
    for (const h of [hello, spin]) {
      if (!h) continue;
      h.child.kill('SIGTERM');
      if (h.child.exitCode === null) await once(h.child, 'exit');
    }
    await stack?.close();
    await rm(tmp, { recursive: true, force: true });
  }
}

export const controlPlane: Scenario = { id: 'control-plane', title: 'Control plane', run };
