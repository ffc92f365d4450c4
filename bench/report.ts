/** Markdown helpers and the machine description shared by every scenario. */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CLAUDE_BIN, cliEnv } from '../tests/support/cli-env.js';
import type { Summary } from './stats.js';

export const ms = (v: number, digits = 1): string => (Number.isFinite(v) ? v.toFixed(digits) : '–');

export function table(head: string[], rows: string[][], align: Array<'l' | 'r'> = []): string {
  const sep = head.map((_, i) => ((align[i] ?? (i === 0 ? 'l' : 'r')) === 'r' ? '---:' : '---'));
  return [head, sep, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

export function summaryRow(label: string, s: Summary): string[] {
  return [label, ms(s.median), ms(s.p95), ms(s.p99), ms(s.mean)];
}

export interface MachineInfo {
  cores: number;
  cpuModel: string;
  node: string;
  cliVersion: string;
  platform: string;
  memoryGiB: number;
  date: string;
}

/** `claude --version` of the CLI the benchmark runs, under a throwaway HOME. */
async function cliVersion(): Promise<string> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'cca-bench-version-'));
  try {
    const { stdout } = await promisify(execFile)(CLAUDE_BIN, ['--version'], {
      env: cliEnv({ baseUrl: 'http://127.0.0.1:9', home }),
      cwd: home,
      timeout: 30_000,
    });
    return stdout.trim();
  } catch (err) {
    return `unknown (${(err as Error).message.split('\n')[0]})`;
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

export async function machineInfo(): Promise<MachineInfo> {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    node: process.version,
    cliVersion: await cliVersion(),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    date: new Date().toISOString(),
  };
}
