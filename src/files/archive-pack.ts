import { readlink } from 'node:fs/promises';
import path from 'node:path';
import { pipeline, Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { Header, Pax, type HeaderData } from 'tar';
import { openInside } from './safe-path.js';
import { isStagingName } from './staging.js';
import { walk } from './walk.js';

// A directory → a streamed .tar.gz. Written here from tar's Header/Pax rather than with tar's
// Pack, because Pack opens files by path after lstat: a file swapped for a symlink in between
// (while a turn runs) would be read through it. Each file is opened with openInside instead.
// Symlinks are stored as symlinks; those pointing outside the archived directory are left out.

const BLOCK = 512;
const CHUNK = 64 * 1024;

function headerBlocks(data: HeaderData): Buffer[] {
  const h = new Header(data);
  // encode() answers whether the path, link or size needs a PAX header in front.
  if (!h.encode()) return [h.block!];
  return [new Pax({ path: data.path, linkpath: data.linkpath, size: data.size, mtime: data.mtime }).encode(), h.block!];
}

const padding = (size: number) => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);

function linkStaysInside(rel: string, target: string): boolean {
  if (target.startsWith('/')) return false;
  const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(rel), target));
  return resolved !== '..' && !resolved.startsWith('../');
}

async function* tarStream(root: string, dir: string): AsyncGenerator<Buffer> {
  const skipTop = dir === root ? isStagingName : undefined;
  for await (const e of walk(dir, { recursive: true, skipTop })) {
    const mtime = e.stats.mtime;
    if (e.type === 'dir') {
      yield* headerBlocks({ path: `${e.rel}/`, type: 'Directory', mode: e.stats.mode & 0o777, mtime });
    } else if (e.type === 'symlink') {
      const target = await readlink(e.abs).catch(() => null);
      if (target !== null && linkStaysInside(e.rel, target)) yield* headerBlocks({ path: e.rel, type: 'SymbolicLink', linkpath: target, size: 0, mode: 0o777, mtime });
    } else if (e.type === 'file') {
      yield* fileEntry(root, e.abs, e.rel);
    }
  }
  yield Buffer.alloc(2 * BLOCK);
}

async function* fileEntry(root: string, abs: string, rel: string): AsyncGenerator<Buffer> {
  const opened = await openInside(root, path.relative(root, abs)).catch(() => null);
  if (!opened) return; // vanished, or no longer inside: left out
  const { fh, stat } = opened;
  try {
    if (!stat.isFile()) return;
    const size = Number(stat.size);
    yield* headerBlocks({ path: rel, type: 'File', size, mode: Number(stat.mode) & 0o777, mtime: new Date(Number(stat.mtimeMs)) });
    // Exactly the size in the header: a file that grows is cut, one that shrinks is zero-filled.
    for (let pos = 0; pos < size; ) {
      const buf = Buffer.alloc(Math.min(CHUNK, size - pos));
      const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
      const n = bytesRead === 0 ? buf.length : bytesRead;
      pos += n;
      yield buf.subarray(0, n);
    }
    yield padding(size);
  } finally {
    await fh.close();
  }
}

/** `dir` (a real path inside `root`) as a gzip-compressed tar stream; cancelling it closes every file. */
export function packDirectory(root: string, dir: string): ReadableStream<Uint8Array> {
  const gzip = createGzip();
  pipeline(Readable.from(tarStream(root, dir)), gzip, () => {});
  return Readable.toWeb(gzip) as ReadableStream<Uint8Array>;
}
