import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, realpath, symlink, utimes } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Parser, type ReadEntry } from 'tar';
import { ApiError } from '../errors.js';
import type { ByteBudget } from './budget.js';
import { isInside, parseRelPath } from './safe-path.js';
import type { Staging } from './staging.js';

// A .tar(.gz) → staged files. Why a staging directory rather than extracting in place: it starts
// empty, so the only symlinks an entry can meet are the archive's own (which we check); a refused
// or oversized archive leaves nothing in the workspace; and moving into place goes through the
// same containment checks as every other write. tar's Parser reads (strict: a damaged archive is
// an error); we create every file ourselves, so each write can be stopped and awaited, and any
// unsafe entry refuses the whole archive.

const MAX_ENTRIES = 100_000;
const FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile']);

const refuse = (entry: string, why: string) =>
  new ApiError('INVALID_ARCHIVE', `archive entry ${JSON.stringify(entry.slice(0, 200))}: ${why}`, { entry: entry.slice(0, 1000), reason: why });

/** The entry's path relative to the archive root ('' for its "./"), or a refusal. */
function checkEntry(entry: ReadEntry, links: Set<string>, seen: Set<string>): string {
  const { type } = entry;
  if (!FILE_TYPES.has(type) && type !== 'Directory' && type !== 'SymbolicLink') {
    throw refuse(entry.path, type === 'Link' ? 'hard links are not accepted' : `entry type ${type} is not accepted (devices, FIFOs and the like)`);
  }
  let rel: string;
  try {
    rel = parseRelPath(entry.path);
  } catch (err) {
    throw refuse(entry.path, (err as Error).message);
  }
  if (rel === '') {
    if (type !== 'Directory') throw refuse(entry.path, 'names the archive root');
    return rel;
  }
  if (seen.has(rel)) throw refuse(entry.path, 'appears twice');
  seen.add(rel);
  const segs = rel.split('/');
  for (let i = 1; i < segs.length; i++) if (links.has(segs.slice(0, i).join('/'))) throw refuse(entry.path, 'goes through a symbolic link');
  if (type === 'SymbolicLink') {
    const target = entry.linkpath ?? '';
    if (target === '' || target.startsWith('/') || /[\u0000\\]/.test(target)) throw refuse(entry.path, 'a symbolic link target must be a relative path');
    const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(rel), target));
    if (resolved === '..' || resolved.startsWith('../')) throw refuse(entry.path, 'symbolic link points outside the archive');
    links.add(rel);
  }
  return rel;
}

async function materialize(dir: string, rel: string, entry: ReadEntry, signal: AbortSignal): Promise<void> {
  const target = path.join(dir, rel);
  // Plain permissions only (no setuid/setgid/sticky), always readable and writable by us.
  const mode = ((entry.mode ?? 0o644) & 0o777) | (entry.type === 'Directory' ? 0o700 : 0o600);
  if (entry.type === 'Directory') {
    entry.resume();
    await mkdir(target, { recursive: true, mode });
    return;
  }
  // An earlier entry may be a file where this one needs a directory: a conflict, not a crash.
  await mkdir(path.dirname(target), { recursive: true }).catch(() => Promise.reject(refuse(rel, 'its parent is not a directory')));
  if (entry.type === 'SymbolicLink') {
    entry.resume();
    await symlink(entry.linkpath!, target);
    return;
  }
  await pipeline(entry, createWriteStream(target, { flags: 'wx', mode }), { signal });
  if (entry.mtime) await utimes(target, entry.mtime, entry.mtime);
}

export async function stageArchive(staging: Staging, body: AsyncIterable<Uint8Array>, contentBudget: ByteBudget): Promise<void> {
  const links = new Set<string>();
  const seen = new Set<string>();
  const writes: Promise<void>[] = [];
  const stop = new AbortController();
  let failure: unknown = null;
  const fail = (err: unknown) => {
    failure ??= err;
    stop.abort();
  };
  let count = 0;
  const parser = new Parser({
    strict: true,
    onReadEntry: (entry) => {
      if (failure) return void entry.resume();
      try {
        if (++count > MAX_ENTRIES) throw refuse(entry.path, `more than ${MAX_ENTRIES} entries`);
        const rel = checkEntry(entry, links, seen);
        if (FILE_TYPES.has(entry.type)) contentBudget.take(entry.size);
        if (rel === '') return void entry.resume();
        writes.push(materialize(staging.dir, rel, entry, stop.signal).catch(fail));
      } catch (err) {
        entry.resume();
        fail(err);
      }
    },
  });
  const ended = new Promise<void>((resolve) => parser.on('end', resolve));
  parser.on('error', (err: Error) => fail(new ApiError('INVALID_ARCHIVE', `not a readable .tar or .tar.gz: ${err.message}`)));
  try {
    for await (const chunk of body) {
      if (failure) break;
      if (!parser.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength))) {
        await Promise.race([once(parser, 'drain'), once(stop.signal, 'abort')]);
      }
    }
    if (!failure) {
      parser.end();
      await Promise.race([ended, once(stop.signal, 'abort')]);
    }
  } catch (err) {
    fail(err);
  }
  // Every write has finished or been stopped before the caller may remove the staging directory.
  await Promise.allSettled(writes);
  if (failure) throw failure;
  await checkStagedLinks(staging, links);
}

// The lexical check above cannot see links that resolve through other links; realpath can.
async function checkStagedLinks(staging: Staging, links: Set<string>): Promise<void> {
  const root = await realpath(staging.dir);
  for (const rel of links) {
    const real = await realpath(path.join(root, rel)).catch(() => null);
    if (real !== null && !isInside(root, real)) throw refuse(rel, 'symbolic link resolves outside the archive');
  }
}
