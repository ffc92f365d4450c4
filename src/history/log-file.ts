import { open, type FileHandle } from 'node:fs/promises';

const CHUNK = 65_536;

/**
 * Makes a JSON-lines file end at a line boundary (a crash may have cut the last line short)
 * and returns its last complete line, reading backwards so a large file costs little.
 */
export async function repairTail(file: string): Promise<string | null> {
  let fh: FileHandle;
  try {
    fh = await open(file, 'r+');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    let size = (await fh.stat()).size;
    let tail = Buffer.alloc(0);
    let pos = size;
    // Collect bytes from the end until the last complete line is in hand.
    while (pos > 0) {
      const start = Math.max(0, pos - CHUNK);
      const buf = Buffer.alloc(pos - start);
      await fh.read(buf, 0, buf.length, start);
      tail = Buffer.concat([buf, tail]);
      pos = start;
      const end = tail.lastIndexOf(0x0a);
      if (end === -1) continue;
      if (end !== tail.length - 1) {
        size = pos + end + 1;
        await fh.truncate(size); // drop the torn line
        tail = tail.subarray(0, end + 1);
      }
      const prev = tail.lastIndexOf(0x0a, tail.length - 2);
      if (prev !== -1 || pos === 0) return tail.subarray(prev + 1, tail.length - 1).toString('utf8');
    }
    if (tail.length > 0) await fh.truncate(0); // one torn line and nothing else
    return null;
  } finally {
    await fh.close();
  }
}
