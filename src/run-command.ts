import { execFile } from 'node:child_process';

/** How a short command ended; it never throws (a missing binary is a failure like any other). */
export interface CommandResult {
  /** Undefined when it did not exit on its own (not started, or killed). */
  exitCode: number | undefined;
  signal: NodeJS.Signals | undefined;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

/**
 * Runs a short command (a `--version`, a probe) to its end, output collected. Node's own
 * execFile: execa's ~100 modules (~2.5 MiB of heap) stayed loaded for two calls at start.
 */
export function runCommand(file: string, args: string[], opts: { timeout: number; cwd?: string; env?: NodeJS.ProcessEnv }): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = execFile(file, args, { cwd: opts.cwd, env: opts.env, timeout: opts.timeout, encoding: 'utf8' }, (err, stdout, stderr) => {
      const e = err as (Error & { code?: unknown; killed?: boolean; signal?: NodeJS.Signals | null }) | null;
      resolve({
        exitCode: !e ? 0 : typeof e.code === 'number' ? e.code : undefined,
        signal: e?.signal ?? undefined,
        timedOut: Boolean(e?.killed && e.signal === 'SIGTERM'),
        stdout,
        stderr,
      });
    });
    child.stdin?.end(); // nothing to say to it: a child reading stdin sees EOF, not a hang until timeout
  });
}
