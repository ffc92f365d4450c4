import { readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isAlive } from '../cli/kill-tree.js';

// Per-sandbox resource limits through cgroups, where the host delegates them to us: v2 (one
// unified tree; our own cgroup must allow controllers below it), or v1 (one tree per
// controller, as on older Docker hosts). Nothing here is required: without it a sandbox still
// runs, and /health says that no limits are in force.

export interface ResourceLimits {
  maxProcesses: number;
  /** 0: none. */
  memoryBytes: number;
  /** 0: none. */
  cpus: number;
}

export interface CgroupReport {
  version: 'v1' | 'v2' | null;
  /** Limits actually in force per sandbox. */
  controllers: string[];
  reason?: string;
}

/** One sandbox's cgroup: write a pid to every `procs` file before the sandbox starts. */
export interface SandboxCgroup {
  procs: string[];
  remove: () => Promise<void>;
}

export interface Cgroups {
  readonly report: CgroupReport;
  create(name: string): Promise<SandboxCgroup>;
}

const CPU_PERIOD_US = 100_000;
const WANTED = ['pids', 'memory', 'cpu'] as const;
type Controller = (typeof WANTED)[number];

function wanted(limits: ResourceLimits): Controller[] {
  return WANTED.filter((c) => c === 'pids' || (c === 'memory' ? limits.memoryBytes > 0 : limits.cpus > 0));
}

/** Finds what the host lets this process do; never throws. */
export async function probeCgroups(limits: ResourceLimits, pid = process.pid): Promise<Cgroups> {
  const v2 = await probeV2(limits, pid).then(tryOnce).catch((err: Error) => err.message);
  if (typeof v2 !== 'string') return v2;
  const v1 = await probeV1(limits).then(tryOnce).catch((err: Error) => err.message);
  if (typeof v1 !== 'string') return v1;
  return { report: { version: null, controllers: [], reason: `v2: ${v2}; v1: ${v1}` }, create: async () => ({ procs: [], remove: async () => {} }) };
}

// A hierarchy we can see is not one we may write: make (and remove) one sandbox cgroup to know.
async function tryOnce(c: Cgroups): Promise<Cgroups> {
  const probe = await c.create(`probe-${process.pid}`);
  await probe.remove();
  return c;
}

// Each sandbox cgroup is named after the server that made it (`sandbox-<pid>-…`).
const PREFIX = `sandbox-${process.pid}-`;

// Sandbox cgroups that a server killed outright left behind: those of servers no longer running,
// if empty (rmdir refuses a busy one). Another live server's are never touched.
async function sweep(base: string): Promise<void> {
  const entries = await readdir(base).catch(() => [] as string[]);
  for (const e of entries) {
    const pid = Number(/^sandbox-(\d+)-/.exec(e)?.[1]);
    if (pid && !isAlive(pid)) await rmdir(path.join(base, e)).catch(() => {});
  }
}

function ownCgroups(): Map<string, string> {
  // "hierarchy-id:controller,list:/path"; v2 is "0::/path".
  const map = new Map<string, string>();
  for (const line of readFileSync('/proc/self/cgroup', 'utf8').split('\n')) {
    const m = /^\d+:([^:]*):(.*)$/.exec(line);
    if (!m) continue;
    for (const c of m[1] === '' ? ['unified'] : m[1]!.split(',')) map.set(c, m[2]!);
  }
  return map;
}

async function probeV2(limits: ResourceLimits, pid: number): Promise<Cgroups> {
  const own = ownCgroups().get('unified');
  const mount = cgroupMounts().get('unified');
  if (own === undefined || mount === undefined) throw new Error('no unified (v2) hierarchy');
  const dir = path.join(mount, own);
  const available = (await readFile(path.join(dir, 'cgroup.controllers'), 'utf8')).trim().split(/\s+/);
  const controllers = wanted(limits);
  const missing = controllers.filter((c) => !available.includes(c));
  if (missing.length) throw new Error(`controllers not delegated: ${missing.join(', ')}`);
  // No process may live in a cgroup that has controllers enabled below it: ours move to a leaf.
  const leaf = path.join(dir, 'claude-code-api');
  await mkdir(leaf, { recursive: true });
  const procs = (await readFile(path.join(dir, 'cgroup.procs'), 'utf8')).split('\n').filter(Boolean);
  for (const p of procs.includes(String(pid)) ? procs : []) await writeFile(path.join(leaf, 'cgroup.procs'), p).catch(() => {});
  await writeFile(path.join(dir, 'cgroup.subtree_control'), controllers.map((c) => `+${c}`).join(' '));
  await sweep(dir);
  return {
    report: { version: 'v2', controllers },
    create: async (name) => {
      const cg = path.join(dir, PREFIX + name);
      await mkdir(cg);
      await writeFile(path.join(cg, 'pids.max'), String(limits.maxProcesses));
      if (controllers.includes('memory')) {
        await writeFile(path.join(cg, 'memory.max'), String(limits.memoryBytes));
        await writeFile(path.join(cg, 'memory.swap.max'), '0').catch(() => {});
      }
      if (controllers.includes('cpu')) await writeFile(path.join(cg, 'cpu.max'), `${Math.round(limits.cpus * CPU_PERIOD_US)} ${CPU_PERIOD_US}`);
      return {
        procs: [path.join(cg, 'cgroup.procs')],
        remove: async () => {
          await writeFile(path.join(cg, 'cgroup.kill'), '1').catch(() => {});
          await removeDir(cg);
        },
      };
    },
  };
}

// Where each hierarchy is mounted: v1 per controller, v2 ('unified') wherever it is (/sys/fs/cgroup, or .../unified on hybrid hosts).
function cgroupMounts(): Map<string, string> {
  const mounts = new Map<string, string>();
  for (const line of readFileSync('/proc/self/mounts', 'utf8').split('\n')) {
    const [, where, type, opts] = line.split(' ');
    if (!where || !opts) continue;
    if (type === 'cgroup2') mounts.set('unified', where);
    if (type === 'cgroup') for (const o of opts.split(',')) if ((WANTED as readonly string[]).includes(o)) mounts.set(o, where);
  }
  return mounts;
}

async function probeV1(limits: ResourceLimits): Promise<Cgroups> {
  const mounts = cgroupMounts();
  const own = ownCgroups();
  const controllers = wanted(limits);
  const bases = new Map<Controller, string>();
  for (const c of controllers) {
    const mount = mounts.get(c);
    if (!mount) throw new Error(`no ${c} hierarchy`);
    const base = path.join(mount, own.get(c) ?? '/', 'claude-code-api');
    await mkdir(base, { recursive: true });
    await sweep(base);
    bases.set(c, base);
  }
  return {
    report: { version: 'v1', controllers },
    create: async (name) => {
      const made: string[] = [];
      const remove = async () => {
        for (const d of made) await removeDir(d);
      };
      try {
        for (const [c, base] of bases) {
          const cg = path.join(base, PREFIX + name);
          await mkdir(cg);
          made.push(cg);
          if (c === 'pids') await writeFile(path.join(cg, 'pids.max'), String(limits.maxProcesses));
          if (c === 'memory') await writeFile(path.join(cg, 'memory.limit_in_bytes'), String(limits.memoryBytes));
          if (c === 'cpu') {
            await writeFile(path.join(cg, 'cpu.cfs_period_us'), String(CPU_PERIOD_US));
            await writeFile(path.join(cg, 'cpu.cfs_quota_us'), String(Math.round(limits.cpus * CPU_PERIOD_US)));
          }
        }
      } catch (err) {
        await remove();
        throw err;
      }
      return { procs: made.map((d) => path.join(d, 'cgroup.procs')), remove };
    },
  };
}

// A cgroup can be removed once its last process is gone, which may take a moment after a kill.
async function removeDir(dir: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    try {
      await rmdir(dir);
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return;
      if (code !== 'EBUSY') return;
      await new Promise((r) => setTimeout(r, 20 * (i + 1)));
    }
  }
}
