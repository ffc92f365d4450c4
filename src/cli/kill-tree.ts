import treeKill from 'tree-kill';

// The CLI is spawned detached, so it leads its own process group: signalling the group
// reaches grandchildren even after their parent died; tree-kill also reaches descendants
// that moved to a group of their own.

export function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // ESRCH: the group is gone
  }
}

export function killTree(pid: number, signal: NodeJS.Signals): Promise<void> {
  signalGroup(pid, signal);
  return new Promise((resolve) => treeKill(pid, signal, () => resolve()));
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
