import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './cli-env.js';

export const CLIENT_BIN = path.join(REPO_ROOT, 'bin', 'claude-code-api-client.mjs');

export interface ClientRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** When each stdout chunk arrived (ms since spawn), to tell streaming from buffering. */
  chunks: Array<{ at: number; text: string }>;
}

/** Runs the installed bin as a user would, with piped stdin, against `url`. */
export function runClient(
  args: string[],
  opts: { url: string; apiKey?: string; input?: string; env?: Record<string, string>; sigintWhen?: string },
): Promise<ClientRun> {
  const started = Date.now();
  const child = spawn(process.execPath, [CLIENT_BIN, ...args], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      CLAUDE_CODE_API_URL: opts.url,
      ...(opts.apiKey ? { CLAUDE_CODE_API_KEY: opts.apiKey } : {}),
      ...opts.env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const run: ClientRun = { code: null, stdout: '', stderr: '', chunks: [] };
  child.stdout.on('data', (d: Buffer) => {
    run.stdout += d.toString();
    run.chunks.push({ at: Date.now() - started, text: d.toString() });
    // Ctrl-C as a pipe delivers it: SIGINT once the output shows `sigintWhen`.
    if (opts.sigintWhen && run.stdout.includes(opts.sigintWhen)) {
      opts.sigintWhen = undefined;
      child.kill('SIGINT');
    }
  });
  child.stderr.on('data', (d: Buffer) => (run.stderr += d.toString()));
  child.stdin.end(opts.input ?? '');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`client timed out: ${args.join(' ')}\n${run.stdout}\n${run.stderr}`));
    }, 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      run.code = code;
      // Let the pipes drain after exit.
      setImmediate(() => resolve(run));
    });
  });
}
