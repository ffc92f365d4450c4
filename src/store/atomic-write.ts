import fs from 'node:fs';

let seq = 0;

/**
 * Write-then-rename: a reader (or a restart after a crash) sees the old file or the new one,
 * never half of either. fsync makes the new content durable before it replaces the old.
 * Callback fs calls, not FileHandle promises: the same five syscalls at about half the CPU
 * (a session record is written at every turn's start and end). All five stay in the thread pool:
 * run on the server's thread, open and write took 263 µs median and up to 3.7 ms during warm
 * turns (ext4 makes them wait for the journal while another fsync commits).
 */
export function writeFileAtomic(file: string, data: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // Hidden, beside the file; unique within this process by the counter, across processes by the pid.
    const slash = file.lastIndexOf('/') + 1;
    const tmp = `${file.slice(0, slash)}.${file.slice(slash)}.${process.pid}.${++seq}.tmp`;
    const buf = Buffer.from(data, 'utf8');
    const discard = (err: Error) => fs.rm(tmp, { force: true }, () => reject(err));
    fs.open(tmp, 'w', 0o600, (openErr, fd) => {
      if (openErr) return reject(openErr);
      const fail = (err: Error) => fs.close(fd, () => discard(err));
      const write = (offset: number): void =>
        fs.write(fd, buf, offset, buf.length - offset, null, (writeErr, n) => {
          if (writeErr) return fail(writeErr);
          if (offset + n < buf.length) return write(offset + n);
          fs.fsync(fd, (syncErr) => {
            if (syncErr) return fail(syncErr);
            fs.close(fd, (closeErr) => {
              if (closeErr) return discard(closeErr);
              fs.rename(tmp, file, (renameErr) => (renameErr ? discard(renameErr) : resolve()));
            });
          });
        });
      write(0);
    });
  });
}
