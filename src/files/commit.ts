import type { BigIntStats } from 'node:fs';
import { lstat, realpath, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../errors.js';
import { etagOf } from './etag.js';
import { ensureDir, isInside, outside } from './safe-path.js';
import type { EntryType } from './walk.js';

/** What a plan needs of a staged entry (a WalkEntry, or a placeholder before the body is read). */
export interface StagedRef {
  rel: string;
  abs: string;
  type: EntryType;
}

// Moving a staged upload into the workspace: plan every target first (containment, conflicts,
// what gets replaced), so a refused upload changes nothing; then create directories and rename.

export interface PlanItem {
  /** Target path relative to the workspace. */
  rel: string;
  staged: StagedRef;
  /** The regular file a staged file replaces (through an in-workspace symlink, its target). */
  existing: BigIntStats | null;
}

export interface WrittenEntry {
  path: string;
  type: 'file' | 'dir' | 'symlink';
  size: number;
  modifiedAt: string;
  etag: string | null;
}

const conflict = (rel: string, why: string) => new ApiError('PATH_CONFLICT', `${rel} ${why}`);
const parentOf = (rel: string) => (path.posix.dirname(rel) === '.' ? '' : path.posix.dirname(rel));

// Where a staged file or link goes. A final symlink is followed for a file (like writing to it
// would) when it stays inside, and replaced for a staged link; missing parents are made when create.
async function resolveTarget(root: string, item: { rel: string; staged: StagedRef }, create: boolean) {
  const parent = await ensureDir(root, parentOf(item.rel), create);
  if (parent === null) return { target: null, existing: null };
  let target = path.join(parent, path.posix.basename(item.rel));
  const st = await lstat(target, { bigint: true }).catch(() => null);
  if (!st) return { target, existing: null };
  if (st.isDirectory()) throw conflict(item.rel, 'is a directory');
  if (st.isSymbolicLink() && item.staged.type === 'file') {
    const real = await realpath(target).catch(() => null);
    if (real === null || !isInside(root, real)) throw outside(item.rel);
    const resolved = await stat(real, { bigint: true });
    if (!resolved.isFile()) throw conflict(item.rel, 'is a link to something that is not a regular file');
    target = real;
    return { target, existing: resolved };
  }
  if (!st.isFile() && !st.isSymbolicLink()) throw conflict(item.rel, 'is not a regular file');
  return { target, existing: st.isFile() ? st : null };
}

export async function planCommit(root: string, baseRel: string, staged: StagedRef[]): Promise<PlanItem[]> {
  const items: PlanItem[] = [];
  const targets = new Set<string>();
  for (const e of staged) {
    if (e.type === 'other') throw new ApiError('INVALID_ARCHIVE', `${e.rel} is not a file, directory or symbolic link`);
    const rel = baseRel === '' ? e.rel : `${baseRel}/${e.rel}`;
    if (e.type === 'dir') {
      await ensureDir(root, rel, false);
      items.push({ rel, staged: e, existing: null });
      continue;
    }
    const { target, existing } = await resolveTarget(root, { rel, staged: e }, false);
    // Two uploaded names for one file (via a symlink) would race: refuse rather than pick one.
    if (target !== null && targets.has(target)) throw conflict(rel, 'names the same file as another uploaded path');
    if (target !== null) targets.add(target);
    items.push({ rel, staged: e, existing });
  }
  return items;
}

/** Bytes of regular files the plan replaces (they stop counting against the quota). */
export const replacedBytes = (plan: PlanItem[]) => plan.reduce((n, i) => n + (i.existing ? Number(i.existing.size) : 0), 0);

export async function applyCommit(root: string, plan: PlanItem[]): Promise<WrittenEntry[]> {
  const written: WrittenEntry[] = [];
  for (const item of plan) {
    if (item.staged.type === 'dir') {
      await ensureDir(root, item.rel, true);
      continue;
    }
    // Resolved again, creating parents, with containment re-checked after each mkdir.
    const { target } = await resolveTarget(root, item, true);
    if (target === null) throw new Error(`no target for ${item.rel}`);
    await rename(item.staged.abs, target);
    const st = await lstat(target, { bigint: true });
    written.push({
      path: item.rel,
      type: st.isSymbolicLink() ? 'symlink' : 'file',
      size: Number(st.size),
      modifiedAt: new Date(Number(st.mtimeMs)).toISOString(),
      etag: st.isFile() ? etagOf(st) : null,
    });
  }
  return written;
}
