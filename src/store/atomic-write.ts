import fs from 'node:fs';

let seq = 0;

/**
 * Write-then-rename: a reader (or a restart after a crash) sees the old file or the new one,
 * never half of either. fsync makes the new content durable before it replaces the old.
 * Open, write and close run on the calling thread (tens of µs into the page cache); fsync and
 * rename, which can wait on the disk or the journal for milliseconds, run in the thread pool.
 * Two thread-pool round trips instead of five: about 0.3 ms less CPU per write (a session record
 * is written at every turn's start and end).
 */
export function writeFileAtomic(file: string, data: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // Hidden, beside the file; unique within this process by the counter, across processes by the pid.
    const slash = file.lastIndexOf('/') + 1;
    const tmp = `${file.slice(0, slash)}.${file.slice(slash)}.${process.pid}.${++seq}.tmp`;
    const discard = (err: unknown) => fs.rm(tmp, { force: true }, () => reject(err));
    let fd: number;
    try {
      fd = fs.openSync(tmp, 'w', 0o600);
    } catch (err) {
      return reject(err);
    }
    try {
      const buf = Buffer.from(data, 'utf8');
      for (let offset = 0; offset < buf.length; ) offset += fs.writeSync(fd, buf, offset, buf.length - offset);
    } catch (err) {
      fs.closeSync(fd);
      return discard(err);
    }
    fs.fsync(fd, (syncErr) => {
      try {
        fs.closeSync(fd);
      } catch (closeErr) {
        return discard(syncErr ?? closeErr);
      }
      if (syncErr) return discard(syncErr);
      fs.rename(tmp, file, (renameErr) => (renameErr ? discard(renameErr) : resolve()));
    });
  });
}
