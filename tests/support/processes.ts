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
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      found.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}
