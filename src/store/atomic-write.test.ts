import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from './atomic-write.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cca-atomic-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('replaces the file whole, private to the owner, and leaves no temp file', async () => {
    const file = path.join(dir, 'rec.json');
    await writeFileAtomic(file, 'first');
    await writeFileAtomic(file, 'größer ✓'.repeat(10_000));
    expect(readFileSync(file, 'utf8')).toBe('größer ✓'.repeat(10_000));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['rec.json']);
  });

  it('leaves one of concurrent writes, whole', async () => {
    const file = path.join(dir, 'rec.json');
    const texts = Array.from({ length: 20 }, (_, i) => `${i}:`.padEnd(5000, String.fromCharCode(97 + i)));
    await Promise.all(texts.map((t) => writeFileAtomic(file, t)));
    expect(texts).toContain(readFileSync(file, 'utf8'));
    expect(readdirSync(dir)).toEqual(['rec.json']);
  });

  it('fails without leaving anything when the directory is missing', async () => {
    await expect(writeFileAtomic(path.join(dir, 'gone', 'rec.json'), 'x')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('fails and removes its temp file when the rename cannot replace the target', async () => {
    const target = path.join(dir, 'rec.json');
    mkdirSync(path.join(target, 'inside'), { recursive: true });
    await expect(writeFileAtomic(target, 'x')).rejects.toMatchObject({ code: expect.stringMatching(/^(EISDIR|ENOTEMPTY|EEXIST)$/) });
    expect(readdirSync(dir)).toEqual(['rec.json']);
  });
});
