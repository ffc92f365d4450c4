import { readdir, readFile } from 'node:fs/promises';

// The CLI leads its own process group (and session): signalling the group reaches
// grandchildren even after their parent died; the walk of /proc by parent pid also reaches
// descendants that moved to a group of their own. Read from /proc, not `ps`: starting a
// process from the server would fork the whole server (see src/cli/helper-spawner.ts).

export function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // ESRCH: the group is gone
  }
}

/** Signals `pid`, every descendant found by parent pid in /proc (read first, while the tree is whole), and the group. */
export async function killTree(pid: number, signal: NodeJS.Signals): Promise<void> {
  const tree = await descendantsOf(pid);
  signalGroup(pid, signal);
  for (const p of tree) {
    try {
      process.kill(p, signal);
    } catch {
      // gone meanwhile
    }
  }
}

/** `pid` and its descendants (by ppid in /proc/<n>/stat), parents before children. */
export async function descendantsOf(pid: number): Promise<number[]> {
  const children = new Map<number, number[]>();
  let names: string[];
  try {
    names = await readdir('/proc');
  } catch {
    return [pid];
  }
  await Promise.all(
    names.map(async (name) => {
      if (name.charCodeAt(0) > 57) return; // not a pid
      try {
        const stat = await readFile(`/proc/${name}/stat`, 'latin1');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ', 3)[1]);
        const list = children.get(ppid);
        if (list) list.push(Number(name));
        else children.set(ppid, [Number(name)]);
      } catch {
        // exited while we looked
      }
    }),
  );
  const out = [pid];
  for (let i = 0; i < out.length; i++) out.push(...(children.get(out[i]!) ?? []));
  return out;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
