/**
 * The system under test, started the way the tests start it: the scripted Anthropic API
 * (tests/support/fake-anthropic.ts) and the real server entry point in its own process
 * (tests/support/server-process.ts), the real CLI (tests/support/cli-env.ts) under a temp
 * HOME and a temp WORKSPACE_ROOT. Scenarios start one each and close it themselves, so a
 * later scenario can ask for another configuration.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, existsSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeAnthropic, type FakeAnthropic } from '../../tests/support/fake-anthropic.js';
import { CLAUDE_BIN, cliEnv, REPO_ROOT } from '../../tests/support/cli-env.js';
import { spawnServer, type ServerProcess } from '../../tests/support/server-process.js';

import { performance } from 'node:perf_hooks';
import { findProcesses } from './procfs.js';
import { START_NODE_FLAGS } from './build.js';

const SERVER_ENTRY = path.join(REPO_ROOT, 'src', 'main.ts');
const ANNOUNCE = fileURLToPath(new URL('./announce-listen.mjs', import.meta.url));

export interface StackOptions {
  maxConcurrentTurns?: number;
  logLevel?: string;
  /** More server variables (validated by the server's config). */
  serverEnv?: Record<string, string>;
  /**
   * Send the server's stdout and stderr to this file instead of a pipe into the benchmark
   * process (where every log line would cost the benchmark CPU and memory): for scenarios
   * that measure the service with its logging on.
   */
  logFile?: string;
  /** Run this compiled entry point (bench/support/build.ts) with plain `node` instead of src/main.ts under tsx. */
  entry?: string;
  /** Node flags before the entry point (e.g. --cpu-prof, which NODE_OPTIONS does not take). */
  nodeArgs?: string[];
}

export interface Stack {
  /** temp root holding home/ and workspaces/ */
  root: string;
  home: string;
  workspaceRoot: string;
  bin: string;
  fake: FakeAnthropic;
  /** The current server process (replaced by restart()). */
  server: ServerProcess;
  serverPid: number;
  /** The variables given to the server process (spawnServer adds PATH and PORT). */
  serverEnv: Record<string, string>;
  /** cliEnv() for this stack's fake and HOME. */
  cliEnv: Record<string, string>;
  api: string;
  /**
   * Stops the server (SIGTERM, as an operator would) and starts a new one with the same
   * environment on the same WORKSPACE_ROOT; `server`, `serverPid` and `api` then name the new one.
   */
  restart(): Promise<RestartReport>;
  close(): Promise<StackCloseReport>;
}

export interface RestartReport {
  stopMs: number;
  stopExit: { code: number | null; signal: NodeJS.Signals | null };
  /** spawn → the `listening` line on stdout (the server listens once every session is loaded) */
  spawnToListeningMs: number;
  /** spawn → the first 200 from GET /api/v1/health (polled every 5 ms) */
  spawnToHealthyMs: number;
}

export interface StackCloseReport {
  serverExit: { code: number | null; signal: NodeJS.Signals | null };
  /** SIGTERM was not enough within the wait and SIGKILL was sent */
  serverKilled: boolean;
  rootRemoved: boolean;
}

/** Every temp root a stack of this run created: what the final process scan calls ours. */
export const stackRoots = new Set<string>();

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'cca-bench-'));
  stackRoots.add(root);
  const home = path.join(root, 'home');
  const workspaceRoot = path.join(root, 'workspaces');
  await mkdir(home);
  await mkdir(workspaceRoot);
  let fake: FakeAnthropic | undefined;
  try {
    fake = await startFakeAnthropic();
    const env = cliEnv({ baseUrl: fake.url, home });
    const serverEnv: Record<string, string> = {
      WORKSPACE_ROOT: workspaceRoot,
      HOME: home,
      CLAUDE_BIN,
      ...env,
      LOG_LEVEL: opts.logLevel ?? 'warn',
      MAX_CONCURRENT_TURNS: String(opts.maxConcurrentTurns ?? 1),
      // Rate limiting stays on (its middleware is part of every measured request) but can
      // never trip: the defaults allow 60 turn-starting requests a minute, fewer than a run makes.
      RATE_LIMIT_MAX: '1000000',
      RATE_LIMIT_TURNS_MAX: '1000000',
      // Scenarios compare a cold CLI start with ours; the pre-started pool has its own scenario.
      PREWARM_PROCESSES: '0',
      // Announces the URL spawnServer waits for, which LOG_LEVEL=warn would not print.
      NODE_OPTIONS: `--import=${ANNOUNCE}`,
      ...opts.serverEnv,
    };
    const start = () =>
      opts.logFile || opts.entry || opts.nodeArgs ? spawnServerProcess(serverEnv, { logFile: opts.logFile, entry: opts.entry, nodeArgs: opts.nodeArgs }) : spawnServer(serverEnv);
    const server = await start();
    const api = `${server.url}/api/v1`;
    const health = await fetch(`${api}/health`);
    if (!health.ok) throw new Error(`server at ${server.url} is not healthy: ${health.status}`);
    await health.arrayBuffer();
    const f = fake;
    let closing: Promise<StackCloseReport> | undefined;
    const stack: Stack = {
      root,
      home,
      workspaceRoot,
      bin: CLAUDE_BIN,
      fake: f,
      server,
      serverPid: server.child.pid!,
      serverEnv,
      cliEnv: env,
      api,
      restart: async () => {
        const t0 = performance.now();
        stack.server.child.kill('SIGTERM');
        const stopExit = await stack.server.exited;
        const stopMs = performance.now() - t0;
        const t1 = performance.now();
        const next = await start();
        const spawnToListeningMs = performance.now() - t1;
        stack.server = next;
        stack.serverPid = next.child.pid!;
        stack.api = `${next.url}/api/v1`;
        for (;;) {
          const ok = await fetch(`${stack.api}/health`).then(
            async (r) => (await r.arrayBuffer(), r.status === 200),
            () => false,
          );
          if (ok) break;
          if (performance.now() - t1 > 120_000) throw new Error('restarted server not healthy within 120 s');
          await new Promise((r) => setTimeout(r, 5));
        }
        return { stopMs, stopExit, spawnToListeningMs, spawnToHealthyMs: performance.now() - t1 };
      },
      close: () => (closing ??= closeStack(root, f, stack.server)),
    };
    return stack;
  } catch (err) {
    // spawnServer rejects without handing out the child: end any server process of ours.
    for (const p of findProcesses(opts.entry ?? SERVER_ENTRY)) if (p.ppid === process.pid) process.kill(p.pid, 'SIGKILL');
    await fake?.close();
    await rm(root, { recursive: true, force: true });
    throw err;
  }
}

async function closeStack(root: string, fake: FakeAnthropic, server: ServerProcess): Promise<StackCloseReport> {
  let serverKilled = false;
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGTERM');
  const timer = setTimeout(() => {
    serverKilled = true;
    server.child.kill('SIGKILL');
  }, 15_000);
  const serverExit = await server.exited;
  clearTimeout(timer);
  await fake.close();
  await rm(root, { recursive: true, force: true });
  return { serverExit, serverKilled, rootRemoved: !existsSync(root) };
}

/**
 * spawnServer (tests/support/server-process.ts), with two choices: the entry point (a compiled
 * dist/main.js run by plain node, or src/main.ts under tsx), and where stdout and stderr go
 * (a file, or a pipe of which the last 64 KiB are kept). The URL is read from the output's
 * `"url":"…"` (the `listening` line at LOG_LEVEL info, or announce-listen.mjs's).
 */
export async function spawnServerProcess(env: Record<string, string>, opts: { entry?: string; logFile?: string; nodeArgs?: string[] }): Promise<ServerProcess> {
  const args = [...(opts.entry ? START_NODE_FLAGS : []), ...(opts.nodeArgs ?? []), ...(opts.entry ? [opts.entry] : ['--import', 'tsx', SERVER_ENTRY])];
  const fd = opts.logFile ? openSync(opts.logFile, 'a') : undefined;
  // A restart appends to the same file: only what this process writes counts.
  const offset = fd === undefined ? 0 : fstatSync(fd).size;
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: fd === undefined ? ['ignore', 'pipe', 'pipe'] : ['ignore', fd, fd],
  });
  if (fd !== undefined) closeSync(fd);
  let piped = '';
  const keep = (d: Buffer) => {
    piped = (piped + d.toString()).slice(-65_536);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  const output = () => {
    if (!opts.logFile) return piped;
    try {
      return readFileSync(opts.logFile).subarray(offset).toString('utf8');
    } catch {
      return '';
    }
  };
  const tail = () => output().slice(-8000);
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const m = /"url":"(http:[^"]+)"/.exec(output());
    if (m) return { child, url: m[1]!, output: tail, exited };
    if (gone) throw new Error(`server exited:\n${tail()}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start:\n${tail()}`);
    }
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** `err` with the tail of the server's output appended: what the server said explains most failures. */
export function withServerOutput(err: unknown, stack: Stack | undefined): unknown {
  const tail = stack?.server.output().trim().slice(-4000);
  if (tail && err instanceof Error) err.message += `\n--- server output (tail) ---\n${tail}`;
  return err;
}
