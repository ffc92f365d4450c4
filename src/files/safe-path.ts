import { constants, type BigIntStats } from 'node:fs';
import { lstat, mkdir, open, readlink, realpath, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../errors.js';

// The one place a client path becomes a filesystem path. Lexical checks first (no "..", no
// absolute paths, no NUL or control characters, no backslashes), then every resolution goes
// through realpath and a containment check, and opened files are checked again by descriptor.

const MAX_PATH_BYTES = 4096;
const MAX_SEGMENT_BYTES = 255;

const invalid = (why: string) => new ApiError('INVALID_PATH', `invalid path: ${why}`);
export const outside = (what = 'the path') => new ApiError('PATH_OUTSIDE_WORKSPACE', `${what} leads outside the workspace (through a symbolic link)`);
export const notFound = (rel: string) => new ApiError('FILE_NOT_FOUND', `no such file or directory: ${rel || '/'}`);

/** A client path → a normalized relative POSIX path ('' is the workspace root). Never decodes. */
export function parseRelPath(input: string): string {
  if (Buffer.byteLength(input) > MAX_PATH_BYTES) throw invalid(`longer than ${MAX_PATH_BYTES} bytes`);
  if (/[\u0000-\u001f\u007f]/.test(input)) throw invalid('control characters (including NUL) are not allowed');
  if (input.includes('\\')) throw invalid('backslashes are not allowed; separate directories with /');
  // The query is decoded once; "%2e%2e" left in a path means a client encoded twice. Refused
  // rather than taken as a literal name that only looks like a traversal.
  if (/%[0-9a-fA-F]{2}/.test(input)) throw invalid('percent-encoded sequences are not allowed (encode the path once)');
  if (input.startsWith('/')) throw invalid('absolute paths are not allowed; paths are relative to the workspace');
  const segments = input.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) throw invalid('".." is not allowed');
  if (segments.some((s) => Buffer.byteLength(s) > MAX_SEGMENT_BYTES)) throw invalid(`a name is longer than ${MAX_SEGMENT_BYTES} bytes`);
  return segments.join('/');
}

export function isInside(root: string, p: string): boolean {
  return p === root || p.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

const code = (err: unknown) => (err as NodeJS.ErrnoException).code;

/** The workspace directory, symlinks resolved: the root every containment check compares with. */
export async function workspaceRoot(dir: string): Promise<string> {
  try {
    return await realpath(dir);
  } catch {
    throw new ApiError('FILE_NOT_FOUND', 'the session workspace directory is missing');
  }
}

/** An existing path, symlinks resolved, that must stay inside the root. */
export async function resolveExisting(root: string, rel: string): Promise<string> {
  let real: string;
  try {
    real = await realpath(path.join(root, rel));
  } catch (err) {
    if (code(err) === 'ELOOP') throw outside();
    throw notFound(rel);
  }
  if (!isInside(root, real)) throw outside();
  return real;
}

/** The real path an open descriptor refers to (Linux), or null where /proc is unavailable. */
async function descriptorPath(fh: FileHandle): Promise<string | null> {
  try {
    return await readlink(`/proc/self/fd/${fh.fd}`);
  } catch {
    return null;
  }
}

/**
 * Opens an existing file for reading. O_NOFOLLOW refuses a final component swapped for a symlink
 * after realpath; O_NONBLOCK keeps a FIFO from blocking; the descriptor's own path is then checked,
 * which also catches a directory swapped for a symlink in between (TOCTOU).
 */
export async function openInside(root: string, rel: string): Promise<{ fh: FileHandle; stat: BigIntStats }> {
  const real = await resolveExisting(root, rel);
  let fh: FileHandle;
  try {
    fh = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    if (code(err) === 'ELOOP') throw outside();
    if (code(err) === 'ENOENT' || code(err) === 'ENOTDIR') throw notFound(rel);
    throw err;
  }
  try {
    const st = await fh.stat({ bigint: true });
    const at = await descriptorPath(fh);
    const same = at !== null ? isInside(root, at) : sameFile(st, await lstat(real, { bigint: true }).catch(() => null));
    if (!same) throw outside();
    return { fh, stat: st };
  } catch (err) {
    await fh.close();
    throw err;
  }
}

function sameFile(a: BigIntStats, b: BigIntStats | null): boolean {
  return b !== null && a.dev === b.dev && a.ino === b.ino;
}

/**
 * The real directory for `relDir`, creating what is missing one level at a time (create=true) and
 * re-checking containment after each mkdir; with create=false, null when a level is missing.
 */
export async function ensureDir(root: string, relDir: string, create: boolean): Promise<string | null> {
  let cur = root;
  const done: string[] = [];
  for (const seg of relDir === '' ? [] : relDir.split('/')) {
    done.push(seg);
    const next = path.join(cur, seg);
    if (create) await mkdir(next).catch((err) => (code(err) === 'EEXIST' ? undefined : Promise.reject(err)));
    let real: string;
    try {
      real = await realpath(next);
    } catch (err) {
      // Missing: created later. A dangling symlink is missing too, but lstat sees it: refused.
      if (!create && code(err) === 'ENOENT' && !(await lstat(next).catch(() => null))) return null;
      if (code(err) === 'ENOTDIR') throw conflict(done);
      if (code(err) === 'ENOENT' || code(err) === 'ELOOP') throw outside();
      throw err;
    }
    if (!isInside(root, real)) throw outside();
    if (!(await stat(real)).isDirectory()) throw conflict(done);
    cur = real;
  }
  return cur;
}

const conflict = (segs: string[]) => new ApiError('PATH_CONFLICT', `${segs.join('/')} exists and is not a directory`);
