import { randomBytes } from 'node:crypto';
import { mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../errors.js';
import type { ByteBudget } from './budget.js';
import { walk, type WalkEntry } from './walk.js';

// Uploads land in a private directory inside the workspace first (same filesystem, so moving a
// file into place is an atomic rename), and reach their targets only once every check passed:
// a refused or failed upload leaves nothing behind but this directory, which is removed.

export const STAGING_PREFIX = '.cca-upload-';
export const isStagingName = (name: string) => name.startsWith(STAGING_PREFIX);

export class Staging {
  private constructor(readonly dir: string) {}

  /** A fresh, empty directory: it holds nothing but what the upload puts there. */
  static async create(root: string): Promise<Staging> {
    const dir = path.join(root, STAGING_PREFIX + randomBytes(8).toString('hex'));
    await mkdir(dir, { mode: 0o700 });
    return new Staging(dir);
  }

  /** Writes one staged file from a stream, counting every byte against the budgets. */
  async writeFile(rel: string, source: AsyncIterable<Uint8Array>, budgets: ByteBudget[]): Promise<number> {
    const target = path.join(this.dir, rel);
    try {
      await mkdir(path.dirname(target), { recursive: true });
    } catch {
      throw new ApiError('PATH_CONFLICT', `${rel}: a parent of it is also uploaded as a file`);
    }
    const fh = await open(target, 'wx', 0o644).catch(() => {
      throw new ApiError('PATH_CONFLICT', `${rel} is uploaded twice, or also as a directory`);
    });
    let size = 0;
    try {
      for await (const chunk of source) {
        for (const b of budgets) b.take(chunk.byteLength);
        size += chunk.byteLength;
        await fh.write(chunk);
      }
    } finally {
      await fh.close();
    }
    return size;
  }

  /** Everything staged, parents before children. */
  async entries(): Promise<WalkEntry[]> {
    const out: WalkEntry[] = [];
    for await (const e of walk(this.dir, { recursive: true })) out.push(e);
    return out;
  }

  async discard(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
