/**
 * The system under test, started the way the tests start it: the scripted Anthropic API
 * (tests/support/fake-anthropic.ts) and the real server entry point in its own process
 * (tests/support/server-process.ts), the real CLI (tests/support/cli-env.ts) under a temp
 * HOME and a temp WORKSPACE_ROOT. Scenarios start one each and close it themselves, so a
 * later scenario can ask for another configuration.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeAnthropic, type FakeAnthropic } from '../../tests/support/fake-anthropic.js';
import { CLAUDE_BIN, cliEnv, REPO_ROOT } from '../../tests/support/cli-env.js';
import { spawnServer, type ServerProcess } from '../../tests/support/server-process.js';

import { findProcesses } from './procfs.js';

const SERVER_ENTRY = path.join(REPO_ROOT, 'src', 'main.ts');
const ANNOUNCE = fileURLToPath(new URL('./announce-listen.mjs', import.meta.url));

export interface StackOptions {
  maxConcurrentTurns?: number;
  logLevel?: string;
  /** More server variables (validated by the server's config). */
  serverEnv?: Record<string, string>;
}

export interface Stack {
  /** temp root holding home/ and workspaces/ */
  root: string;
  home: string;
  workspaceRoot: string;
  bin: string;
  fake: FakeAnthropic;
  server: ServerProcess;
  serverPid: number;
  /** The variables given to the server process (spawnServer adds PATH and PORT). */
  serverEnv: Record<string, string>;
  /** cliEnv() for this stack's fake and HOME. */
  cliEnv: Record<string, string>;
  api: string;
  close(): Promise<StackCloseReport>;
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
      // Announces the URL spawnServer waits for, which LOG_LEVEL=warn would not print.
      NODE_OPTIONS: `--import=${ANNOUNCE}`,
      ...opts.serverEnv,
    };
    const server = await spawnServer(serverEnv);
    const api = `${server.url}/api/v1`;
    const health = await fetch(`${api}/health`);
    if (!health.ok) throw new Error(`server at ${server.url} is not healthy: ${health.status}`);
    await health.arrayBuffer();
    const f = fake;
    let closing: Promise<StackCloseReport> | undefined;
    return {
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
      close: () => (closing ??= closeStack(root, f, server)),
    };
  } catch (err) {
    // spawnServer rejects without handing out the child: end any server process of ours.
    for (const p of findProcesses(SERVER_ENTRY)) if (p.ppid === process.pid) process.kill(p.pid, 'SIGKILL');
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
