import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Pids of CLI processes (stream-json mode) whose working directory is `cwd`. */
export function cliProcessesIn(cwd?: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      if (!cmdline.includes('stream-json')) continue;
      if (cwd !== undefined && readlinkSync(`/proc/${name}/cwd`) !== cwd) continue;
      if (isRunning(Number(name))) found.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** Alive: not gone, not a zombie (a container's pid 1 may never reap), not dying (X). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}
