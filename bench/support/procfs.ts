/** Linux /proc readers: CPU time of a process, and finding processes by command line. */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

let clkTck: number | undefined;

/** Clock ticks per second of /proc/<pid>/stat times (`getconf CLK_TCK`, almost always 100). */
export function clockTicksPerSecond(): number {
  if (clkTck === undefined) {
    try {
      clkTck = Number.parseInt(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim(), 10) || 100;
    } catch {
      clkTck = 100;
    }
  }
  return clkTck;
}

export interface CpuTimes {
  /** utime + stime of the process itself (all its threads), ms */
  selfMs: number;
  /** cutime + cstime: children it has waited for (reaped), ms */
  childrenMs: number;
}

/** Fields after `comm` (which may hold spaces and parentheses): state is index 0, ppid 1, utime 11. */
function statFields(pid: number | 'self'): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

export function readCpu(pid: number | 'self'): CpuTimes {
  const f = statFields(pid);
  const tick = 1000 / clockTicksPerSecond();
  const n = (i: number) => Number(f[i]);
  return { selfMs: (n(11) + n(12)) * tick, childrenMs: (n(13) + n(14)) * tick };
}

/**
 * The service's CPU: the server plus its spawn helper (native/build/cca-spawn, which starts the
 * CLIs). selfMs = both processes' own time; childrenMs = what both reaped (per-turn CLIs are
 * the helper's children, so their CPU lands in its cutime, not the server's).
 */
export function readServiceCpu(serverPid: number): CpuTimes {
  const total = readCpu(serverPid);
  for (const pid of pids()) {
    try {
      const f = statFields(pid);
      if (Number(f[1]) !== serverPid || !isSpawnHelper(pid)) continue;
      const c = readCpu(pid);
      total.selfMs += c.selfMs;
      total.childrenMs += c.childrenMs;
    } catch {
      // gone while we looked
    }
  }
  return total;
}

export function cpuDelta(before: CpuTimes, after: CpuTimes): CpuTimes {
  return { selfMs: after.selfMs - before.selfMs, childrenMs: after.childrenMs - before.childrenMs };
}

function pids(): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
}

function parentOf(pid: number): number | null {
  try {
    return Number(statFields(pid)[1]);
  } catch {
    return null;
  }
}

function readNulList(file: string): string[] {
  const raw = readFileSync(file, 'utf8');
  return raw.split('\0').filter((s, i, all) => s !== '' || i < all.length - 1);
}

export interface ProcInfo {
  pid: number;
  ppid: number;
  argv: string[];
}

/** Live processes (zombies excluded) whose command line contains `needle`, this process excluded. */
export function findProcesses(needle: string): ProcInfo[] {
  const found: ProcInfo[] = [];
  for (const pid of pids()) {
    if (pid === process.pid) continue;
    try {
      const argv = readNulList(`/proc/${pid}/cmdline`);
      if (!argv.join(' ').includes(needle)) continue;
      const f = statFields(pid);
      if (f[0] === 'Z' || f[0] === 'X') continue;
      found.push({ pid, ppid: Number(f[1]), argv });
    } catch {
      // gone while we looked
    }
  }
  return found;
}

export interface ProcSnapshot {
  pid: number;
  argv: string[];
  env: Record<string, string>;
  cwd: string;
}

/** argv, initial environment and cwd of a process (readable for our own children as root/same uid). */
export function snapshot(pid: number): ProcSnapshot {
  const env: Record<string, string> = {};
  for (const kv of readNulList(`/proc/${pid}/environ`)) {
    const i = kv.indexOf('=');
    if (i > 0) env[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return { pid, argv: readNulList(`/proc/${pid}/cmdline`), env, cwd: readlinkSync(`/proc/${pid}/cwd`) };
}

/**
 * Polls /proc every `everyMs` for the first child of `ppid` (or grandchild: a server's CLIs are
 * its spawn helper's children) whose command line contains `needle` and snapshots it. Used
 * only during warm-up (the polling costs CPU).
 */
export function watchForChild(ppid: number, needle: string, everyMs = 2): { stop: () => ProcSnapshot | null } {
  let captured: ProcSnapshot | null = null;
  const tick = () => {
    if (captured) return;
    for (const p of findProcesses(needle)) {
      if (p.ppid !== ppid && parentOf(p.ppid) !== ppid) continue;
      try {
        captured = snapshot(p.pid);
        return;
      } catch {
        // exited between the scan and the read; try the next tick
      }
    }
  };
  const timer = setInterval(tick, everyMs);
  tick();
  return {
    stop: () => {
      clearInterval(timer);
      return captured;
    },
  };
}

/** Busy and total CPU time of the whole machine (all cores) from /proc/stat, ms. */
export function readMachineCpu(): { busyMs: number; totalMs: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n').find((l) => l.startsWith('cpu '));
  const v = (line ?? '').trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already inside user/nice)
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = v;
  const tick = 1000 / clockTicksPerSecond();
  const busy = user + nice + system + irq + softirq + steal;
  return { busyMs: busy * tick, totalMs: (busy + idle + iowait) * tick };
}

/** Whether a process's cwd or environment points into one of `roots` (our temp dirs). */
export function belongsTo(pid: number, roots: Iterable<string>): boolean {
  const list = [...roots];
  if (list.length === 0) return false;
  try {
    const s = snapshot(pid);
    const inside = (v: string) => list.some((r) => v === r || v.startsWith(r + '/'));
    return inside(s.cwd) || Object.values(s.env).some(inside);
  } catch {
    return false;
  }
}

/** Live descendants of `root` (children, grandchildren, …; zombies excluded), from one /proc scan. */
export function descendants(root: number): ProcInfo[] {
  const all: ProcInfo[] = [];
  for (const pid of pids()) {
    try {
      const f = statFields(pid);
      if (f[0] === 'Z' || f[0] === 'X') continue;
      all.push({ pid, ppid: Number(f[1]), argv: readNulList(`/proc/${pid}/cmdline`) });
    } catch {
      // gone while we looked
    }
  }
  const found: ProcInfo[] = [];
  const parents = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) {
      if (parents.has(p.ppid) && !parents.has(p.pid)) {
        parents.add(p.pid);
        found.push(p);
        grew = true;
      }
    }
  }
  return found;
}

/** A process's resident set size (VmRSS of /proc/<pid>/status), KiB. */
export function rssKiB(pid: number | 'self'): number {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]);
}

/** A process's working directory, or null when it is gone. */
export function cwdOf(pid: number): string | null {
  try {
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return null;
  }
}

/** Children of `pid` from /proc/<pid>/task/<tid>/children (every thread's: a child belongs to the thread that forked it). */
export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      for (const c of readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ')) if (c) out.push(Number(c));
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}

/** `root` and its live descendants, walked through the children lists (cheap enough to sample every few ms). */
export function treePids(root: number): number[] {
  const out: number[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift()!;
    out.push(pid);
    queue.push(...childrenOf(pid));
  }
  return out;
}

/** The server's spawn helper (native/build/cca-spawn): a resident child, not a CLI. */
export function isSpawnHelper(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('cca-spawn');
  } catch {
    return false;
  }
}

/** Whether a process is a zombie (exited, not yet reaped) or gone. */
export function isZombieOrGone(pid: number): boolean {
  try {
    const state = statFields(pid)[0];
    return state === 'Z' || state === 'X';
  } catch {
    return true;
  }
}

/**
 * CPU of a process tree so far, ms: Σ over its live members of utime+stime + cutime+cstime
 * (a member that exited and was reaped by another member is in that member's cutime). A
 * zombie's times are left out (its parent's cutime gets them when it is reaped): read this
 * when no member is a zombie.
 */
export function treeCpuMs(root: number): number {
  let total = 0;
  for (const pid of treePids(root)) {
    try {
      if (isZombieOrGone(pid)) continue;
      const c = readCpu(pid);
      total += c.selfMs + c.childrenMs;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

let pageKiB: number | undefined;

/**
 * Σ resident set size of a process tree (statm's resident pages), KiB; shared pages count once
 * per process. A child that has forked but not yet exec'd (its command line still its parent's)
 * is left out: its pages are its parent's, copy-on-write, and would count twice.
 */
export function treeRssKiB(root: number): number {
  pageKiB ??= (() => {
    try {
      return Number.parseInt(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8' }).trim(), 10) / 1024 || 4;
    } catch {
      return 4;
    }
  })();
  let pages = 0;
  const queue: Array<{ pid: number; parentCmdline: string | null }> = [{ pid: root, parentCmdline: null }];
  while (queue.length) {
    const { pid, parentCmdline } = queue.shift()!;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmdline !== parentCmdline) pages += Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    } catch {
      continue; // gone meanwhile
    }
    for (const c of childrenOf(pid)) queue.push({ pid: c, parentCmdline: cmdline });
  }
  return pages * pageKiB;
}

/** utime/stime (ticks) of each thread of pid: the main thread as `main`, the others as `name#tid`. */
export function threadTicks(pid: number): Map<string, [number, number]> {
  const m = new Map<string, [number, number]>();
  for (const t of readdirSync(`/proc/${pid}/task`)) {
    const st = readFileSync(`/proc/${pid}/task/${t}/stat`, 'utf8');
    const name = st.slice(st.indexOf('(') + 1, st.lastIndexOf(')'));
    const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
    const key = t === String(pid) ? 'main' : `${name}#${t}`;
    const cur = m.get(key) ?? [0, 0];
    m.set(key, [cur[0] + Number(f[11]), cur[1] + Number(f[12])]);
  }
  return m;
}
