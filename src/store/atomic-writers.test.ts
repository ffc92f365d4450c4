import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { poolWriter, ThreadWriter, type AtomicWriter } from './thread-writer.js';

const threadWriter = new ThreadWriter();
afterAll(() => threadWriter.close());

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cca-atomic-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe.each<[string, AtomicWriter]>([
  ['the thread pool (writeFileAtomic)', poolWriter],
  ['its own thread (ThreadWriter)', threadWriter],
])('an atomic write on %s', (_name, writer) => {
  const writeFileAtomic = (file: string, data: string) => writer.write(file, data);

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

describe('ThreadWriter', () => {
  it('starts its thread at a write, ends it when idle, and starts another at the next', async () => {
    const w = new ThreadWriter(200);
    expect(w.running).toBe(false);
    await w.write(path.join(dir, 'a.json'), 'one');
    expect(w.running).toBe(true);
    await new Promise((r) => setTimeout(r, 400));
    expect(w.running).toBe(false);
    await w.write(path.join(dir, 'a.json'), 'two');
    expect(readFileSync(path.join(dir, 'a.json'), 'utf8')).toBe('two');
    await w.close();
    expect(w.running).toBe(false);
  });

  it('loses no write when its thread dies: the thread pool does them again', async () => {
    const w = new ThreadWriter();
    await w.write(path.join(dir, 'warm.json'), 'up');
    const writes = Array.from({ length: 10 }, (_, i) => w.write(path.join(dir, `f${i}.json`), `v${i}`.repeat(1000)));
    // Killed with writes out (as an out-of-memory end would): the private thread, reached for this test.
    void (w as unknown as { worker: Worker }).worker.terminate();
    await Promise.all(writes);
    for (let i = 0; i < 10; i++) expect(readFileSync(path.join(dir, `f${i}.json`), 'utf8')).toBe(`v${i}`.repeat(1000));
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    await w.close();
  });

  it('close waits for the writes it took, and later writes go through the thread pool', async () => {
    const w = new ThreadWriter();
    const pending = Array.from({ length: 5 }, (_, i) => w.write(path.join(dir, `c${i}.json`), `c${i}`));
    await w.close();
    for (let i = 0; i < 5; i++) expect(readFileSync(path.join(dir, `c${i}.json`), 'utf8')).toBe(`c${i}`);
    await Promise.all(pending);
    expect(w.running).toBe(false);
    await w.write(path.join(dir, 'after.json'), 'after');
    expect(w.running).toBe(false);
    expect(readFileSync(path.join(dir, 'after.json'), 'utf8')).toBe('after');
  });
});
