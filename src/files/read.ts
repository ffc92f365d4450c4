import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../errors.js';
import { contentTypeFor } from './content-type.js';
import { etagOf } from './etag.js';
import { openInside } from './safe-path.js';

const CHUNK = 64 * 1024;

/** An open regular file of a workspace: validators, and its bytes as a pull-based stream. */
export interface OpenedFile {
  name: string;
  size: number;
  mtime: Date;
  etag: string;
  contentType: string;
  /** Bytes start..end inclusive; the descriptor closes when the stream ends or is cancelled. */
  body(start: number, end: number): ReadableStream<Uint8Array>;
  close(): Promise<void>;
}

export async function openFile(root: string, rel: string): Promise<OpenedFile> {
  const { fh, stat } = await openInside(root, rel);
  if (!stat.isFile()) {
    await fh.close();
    throw new ApiError('NOT_A_FILE', stat.isDirectory() ? `${rel || '/'} is a directory` : `${rel} is not a regular file`);
  }
  let closed: Promise<void> | null = null;
  const close = () => (closed ??= fh.close().catch(() => {}));
  return {
    name: path.posix.basename(rel),
    size: Number(stat.size),
    mtime: new Date(Number(stat.mtimeMs)),
    etag: etagOf(stat),
    contentType: contentTypeFor(rel),
    body: (start, end) => readRange(fh, start, end, close),
    close,
  };
}

// Reads on demand (backpressure for free): a slow client never makes the server buffer the file.
function readRange(fh: FileHandle, start: number, end: number, close: () => Promise<void>): ReadableStream<Uint8Array> {
  let pos = start;
  return new ReadableStream<Uint8Array>(
    {
      async pull(ctrl) {
        const want = Math.min(CHUNK, end + 1 - pos);
        const buf = want > 0 ? Buffer.allocUnsafe(want) : null;
        let bytesRead = 0;
        try {
          if (buf) ({ bytesRead } = await fh.read(buf, 0, want, pos));
        } catch (err) {
          await close();
          throw err;
        }
        if (!buf || bytesRead === 0) {
          // The end, or the file shrank under us: the short body tells the client.
          await close();
          ctrl.close();
          return;
        }
        pos += bytesRead;
        ctrl.enqueue(new Uint8Array(buf.buffer, buf.byteOffset, bytesRead));
      },
      cancel: () => close(),
    },
    { highWaterMark: 0 },
  );
}
