import { lstat, rm, rmdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../errors.js';
import { ensureDir, notFound } from './safe-path.js';
import type { EntryType } from './walk.js';
import { typeOf } from './walk.js';

/** Deletes a file, a symlink (never what it points to) or, with `recursive`, a directory tree. */
export async function removePath(root: string, rel: string, recursive: boolean): Promise<{ path: string; type: EntryType }> {
  if (rel === '') throw new ApiError('INVALID_PATH', 'invalid path: the workspace root itself cannot be deleted');
  const dir = path.posix.dirname(rel);
  const parent = await ensureDir(root, dir === '.' ? '' : dir, false);
  if (parent === null) throw notFound(rel);
  const target = path.join(parent, path.posix.basename(rel));
  const st = await lstat(target).catch(() => null);
  if (!st) throw notFound(rel);
  const type = typeOf(st);
  if (type !== 'dir') await unlink(target);
  // rm -r removes links inside the tree as links: nothing outside is touched.
  else if (recursive) await rm(target, { recursive: true });
  else {
    await rmdir(target).catch((err: NodeJS.ErrnoException) => {
      throw err.code === 'ENOTEMPTY' || err.code === 'EEXIST'
        ? new ApiError('DIRECTORY_NOT_EMPTY', `${rel} is a directory that is not empty: add recursive=true`)
        : err;
    });
  }
  return { path: rel, type };
}
