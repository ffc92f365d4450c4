import { lstat } from 'node:fs/promises';
import { ApiError } from '../errors.js';
import { parseRelPath, resolveExisting } from './safe-path.js';
import { isStagingName } from './staging.js';
import { walk, type EntryType } from './walk.js';

export interface FileEntry {
  path: string;
  type: EntryType;
  size: number;
  modifiedAt: string;
}

export interface ListPage {
  path: string;
  entries: FileEntry[];
  nextCursor: string | null;
}

export interface ListRequest {
  rel: string;
  recursive: boolean;
  limit: number;
  cursor?: string;
}

const badCursor = () =>
  new ApiError('VALIDATION_FAILED', 'invalid cursor', { fields: [{ path: 'cursor', message: 'not a cursor from this listing' }] });

// The cursor is the last entry's path below the listed directory: opaque to clients, and a
// resumed walk skips straight to it, so a page costs what it lists, not the whole tree.
function decodeCursor(cursor: string): string[] {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  let rel: string;
  try {
    rel = parseRelPath(text);
  } catch {
    throw badCursor();
  }
  if (rel === '') throw badCursor();
  return rel.split('/');
}

const encodeCursor = (relBelow: string) => Buffer.from(relBelow, 'utf8').toString('base64url');

/** One page of a directory's entries (hidden ones included), depth-first, siblings by name. */
export async function listDir(root: string, req: ListRequest): Promise<ListPage> {
  const after = req.cursor ? decodeCursor(req.cursor) : undefined;
  const dir = await resolveExisting(root, req.rel);
  if (!(await lstat(dir)).isDirectory()) throw new ApiError('NOT_A_DIRECTORY', `${req.rel} is not a directory`);
  const prefix = req.rel === '' ? '' : `${req.rel}/`;
  const entries: FileEntry[] = [];
  let last = '';
  let more = false;
  // An upload being staged is not part of the workspace yet.
  const skipTop = req.rel === '' ? isStagingName : undefined;
  for await (const e of walk(dir, { recursive: req.recursive, after, skipTop })) {
    if (entries.length === req.limit) {
      more = true;
      break;
    }
    last = e.rel;
    // A directory's own size is filesystem bookkeeping, not content: reported as 0.
    entries.push({ path: prefix + e.rel, type: e.type, size: e.type === 'dir' ? 0 : e.stats.size, modifiedAt: e.stats.mtime.toISOString() });
  }
  return { path: req.rel, entries, nextCursor: more ? encodeCursor(last) : null };
}
