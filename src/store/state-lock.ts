import { open, readFile, rm } from 'node:fs/promises';
import { mkdir } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { processStartTime } from '../cli/proc-info.js';

/**
 * A path in the OS temp dir that belongs to this state dir (`<prefix>-<16 hex of its hash>`): short
 * enough for a Unix socket path, fixed across restarts, and one server's at a time by the lock.
 */
export function tmpPathFor(prefix: string, stateDir: string): string {
  return path.join(os.tmpdir(), `${prefix}-${createHash('sha256').update(stateDir).digest('hex').slice(0, 16)}`);
}

/** Another live process owns this state directory: starting would recover (kill) its turns. */
export class StateLockedError extends Error {
  constructor(
    readonly pid: number,
    readonly file: string,
  ) {
    super(`another claude-code-api (pid ${pid}) is using this STATE_DIR (${path.dirname(file)}); stop it, or give this one its own STATE_DIR and WORKSPACE_ROOT`);
    this.name = 'StateLockedError';
  }
}

interface LockBody {
  pid: number;
  startTime: string | null;
}

function parse(text: string): LockBody | null {
  try {
    const v = JSON.parse(text) as unknown;
    if (typeof v === 'object' && v !== null && typeof (v as LockBody).pid === 'number') return v as LockBody;
  } catch {
    // a torn write: no owner
  }
  return null;
}

/**
 * Takes `<dir>/server.lock` for this process: O_EXCL create, or take over a lock whose process
 * is gone (same pid and kernel start time, so a reused pid is not mistaken for the owner).
 */
export async function lockStateDir(dir: string): Promise<{ release: () => Promise<void> }> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, 'server.lock');
  const body = JSON.stringify({ pid: process.pid, startTime: processStartTime(process.pid) } satisfies LockBody);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = await open(file, 'wx', 0o600);
      await fd.writeFile(body);
      await fd.close();
      return { release: () => rm(file, { force: true }) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = parse(await readFile(file, 'utf8').catch(() => ''));
    if (owner && owner.pid !== process.pid && owner.startTime !== null && processStartTime(owner.pid) === owner.startTime) {
      throw new StateLockedError(owner.pid, file);
    }
    await rm(file, { force: true }); // stale: its process is gone
  }
  throw new Error(`could not take ${file}`);
}
