import { walk } from './walk.js';

// What a turn changed: a bounded scan before and after, compared by size and mtime.

export interface FileStamp {
  size: number;
  mtimeMs: number;
}

export interface ScanLimits {
  /** Stop after this many entries (directories count); the snapshot is then `truncated`. */
  maxEntries: number;
  /** Top-level names left out (an upload being staged). */
  skipTop?: (name: string) => boolean;
}

/** Files and symlinks by relative path; directories are walked, symlinked ones never entered. */
export class WorkspaceSnapshot extends Map<string, FileStamp> {
  truncated = false;
}

export async function scanWorkspace(dir: string, limits: ScanLimits): Promise<WorkspaceSnapshot> {
  const snap = new WorkspaceSnapshot();
  let seen = 0;
  for await (const e of walk(dir, { recursive: true, skipTop: limits.skipTop })) {
    if (++seen > limits.maxEntries) {
      snap.truncated = true;
      break;
    }
    if (e.type === 'file' || e.type === 'symlink') snap.set(e.rel, { size: e.stats.size, mtimeMs: e.stats.mtimeMs });
  }
  return snap;
}

export interface SnapshotDiff {
  created: string[];
  modified: string[];
  deleted: string[];
}

/** Sorted lists of paths created, modified (size or mtime changed) and deleted between two scans. */
export function diffSnapshots(before: ReadonlyMap<string, FileStamp>, after: ReadonlyMap<string, FileStamp>): SnapshotDiff {
  const created: string[] = [];
  const modified: string[] = [];
  const deleted: string[] = [];
  for (const [p, stamp] of after) {
    const old = before.get(p);
    if (!old) created.push(p);
    else if (old.size !== stamp.size || old.mtimeMs !== stamp.mtimeMs) modified.push(p);
  }
  for (const p of before.keys()) if (!after.has(p)) deleted.push(p);
  return { created: created.sort(), modified: modified.sort(), deleted: deleted.sort() };
}
