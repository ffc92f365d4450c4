import type { Stats } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';

// Depth-first walk with siblings sorted by name: a stable order that a cursor can resume from
// without listing everything again. Symlinks are reported, never followed.

export type EntryType = 'file' | 'dir' | 'symlink' | 'other';

export interface WalkEntry {
  /** Relative to the walk's base, `/`-separated. */
  rel: string;
  abs: string;
  type: EntryType;
  stats: Stats;
}

export interface WalkOptions {
  recursive: boolean;
  /** Resume strictly after this entry (its path segments, relative to the base). */
  after?: string[];
  /** Names skipped at the top level (an upload being staged). */
  skipTop?: (name: string) => boolean;
}

export const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function typeOf(st: Stats): EntryType {
  if (st.isFile()) return 'file';
  if (st.isDirectory()) return 'dir';
  if (st.isSymbolicLink()) return 'symlink';
  return 'other';
}

export async function* walk(dirAbs: string, opts: WalkOptions, relBase = ''): AsyncGenerator<WalkEntry> {
  let names: string[];
  try {
    names = await readdir(dirAbs);
  } catch {
    return; // vanished or unreadable: nothing to report under it
  }
  names.sort(byName);
  let after = opts.after && opts.after.length > 0 ? opts.after : undefined;
  for (const name of names) {
    if (relBase === '' && opts.skipTop?.(name)) continue;
    const rel = relBase === '' ? name : `${relBase}/${name}`;
    const abs = path.join(dirAbs, name);
    if (after) {
      const order = byName(name, after[0]!);
      if (order < 0) continue;
      const resumeInside = order === 0 ? after.slice(1) : undefined;
      after = undefined;
      if (resumeInside) {
        // The cursor's entry was on the last page; its subtree continues after the cursor.
        const st = await lstat(abs).catch(() => null);
        if (opts.recursive && st?.isDirectory()) yield* walk(abs, { ...opts, after: resumeInside }, rel);
        continue;
      }
    }
    const st = await lstat(abs).catch(() => null);
    if (!st) continue;
    const entry: WalkEntry = { rel, abs, type: typeOf(st), stats: st };
    yield entry;
    if (opts.recursive && entry.type === 'dir') yield* walk(abs, { ...opts, after: undefined }, rel);
  }
}
