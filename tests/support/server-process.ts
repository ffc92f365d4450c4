import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './cli-env.js';

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));

/** The real entry point (src/main.ts) in its own process, for signal and restart tests. */
export async function spawnServer(env: Record<string, string>, startTimeoutMs = 20_000): Promise<ServerProcess> {
  const node = [process.execPath, '--import', 'tsx', path.join(REPO_ROOT, 'src', 'main.ts')];
  // A test worker killed mid-test (timeout, crash) takes its servers along: the kernel sends them SIGKILL.
  const [cmd, ...args] = SETPRIV ? [SETPRIV, '--pdeathsig', 'SIGKILL', '--', ...node] : node;
  const child = spawn(cmd!, args, {
    cwd: REPO_ROOT,
    // Fixture-CLI tests read host pids from the workspace: unsandboxed unless the test asks.
    env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'info', SANDBOX: 'none', PREWARM_PROCESSES: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), startTimeoutMs);
    const onData = () => {
      const m = /"url":"(http:[^"]+)"/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    void exited.then(() => reject(new Error(`server exited:\n${out}`)));
  });
  return { child, url, output: () => out, exited };
}
