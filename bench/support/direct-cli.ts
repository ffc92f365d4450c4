/**
 * One turn of the real CLI run directly, the way the service runs it (src/cli/turn-process.ts):
 * own process group, the prompt as one stream-json line on stdin, stdin closed when the
 * `result` line arrives. Timed from just before spawn to the process's exit.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { signalGroup } from '../../src/cli/kill-tree.js';

/** The argv the service gives a first turn of a session created with `{}` (src/cli/args.ts). */
export const SERVICE_FIRST_TURN_ARGS = [
  '--output-format',
  'stream-json',
  '--verbose',
  '--input-format',
  'stream-json',
  '--model',
  'sonnet',
  '--permission-mode',
  'default',
] as const;

// The same stdin line the service writes: the baseline differs from the service only in who spawns.
export { userMessageLine } from '../../src/cli/args.js';

export interface DirectTurnSpec {
  bin: string;
  args: readonly string[];
  cwd: string;
  env: Record<string, string>;
  input: string;
  timeoutMs?: number;
  /** Called right after spawn with the CLI's pid (to sample its memory while it runs). */
  onSpawn?: (pid: number) => void;
}

export interface DirectTurn {
  /** spawn → exit */
  ms: number;
  /** spawn → result line read */
  resultAtMs: number | null;
  pid: number | undefined;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  result: { is_error?: boolean; result?: string; subtype?: string } | null;
  lineTypes: string[];
  stderr: string;
}

export async function runDirectTurn(spec: DirectTurnSpec): Promise<DirectTurn> {
  const started = performance.now();
  const child = spawn(spec.bin, [...spec.args], {
    cwd: spec.cwd,
    env: spec.env,
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  if (child.pid !== undefined) spec.onSpawn?.(child.pid);
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const closed = once(child, 'close');
  let result: DirectTurn['result'] = null;
  let resultAtMs: number | null = null;
  const lineTypes: string[] = [];
  let pending = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    pending += chunk;
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const text = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      if (text.trim() === '') continue;
      let line: { type?: string } & Record<string, unknown>;
      try {
        line = JSON.parse(text);
      } catch {
        lineTypes.push('invalid');
        continue;
      }
      lineTypes.push(String(line.type));
      if (line.type === 'result' && !result) {
        result = line as DirectTurn['result'];
        resultAtMs = performance.now() - started;
        child.stdin.end();
      }
    }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-8000);
  });
  child.stdin.on('error', () => {});
  child.stdin.write(spec.input);
  const timer = setTimeout(() => child.pid !== undefined && signalGroup(child.pid, 'SIGKILL'), spec.timeoutMs ?? 120_000);
  const [exitCode, signal] = await exited;
  const ms = performance.now() - started;
  clearTimeout(timer);
  await closed;
  // As the service does on exit: whatever is left in the group dies.
  if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
  return { ms, resultAtMs, pid: child.pid, exitCode, signal, result, lineTypes, stderr };
}

