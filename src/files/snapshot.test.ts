import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffSnapshots, scanWorkspace } from './snapshot.js';

let tmp: string;
let ws: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'cca-snap-'));
  ws = path.join(tmp, 'ws');
  mkdirSync(path.join(ws, 'src', 'deep'), { recursive: true });
  mkdirSync(path.join(tmp, 'outside'));
  writeFileSync(path.join(tmp, 'outside', 'big.bin'), 'x'.repeat(1000));
  writeFileSync(path.join(ws, 'a.txt'), 'aaa');
  writeFileSync(path.join(ws, '.hidden'), 'h');
  writeFileSync(path.join(ws, 'src', 'deep', 'b.ts'), 'bb');
  symlinkSync(path.join(tmp, 'outside'), path.join(ws, 'outdir'));
  symlinkSync('a.txt', path.join(ws, 'alias'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('scanWorkspace', () => {
  it('records files and symlinks, never entering a symlinked directory', async () => {
    const snap = await scanWorkspace(ws, { maxEntries: 100 });
    expect([...snap.keys()].sort()).toEqual(['.hidden', 'a.txt', 'alias', 'outdir', 'src/deep/b.ts']);
    expect(snap.get('a.txt')?.size).toBe(3);
    expect(snap.truncated).toBe(false);
  });

  it('stops after maxEntries and says so', async () => {
    const snap = await scanWorkspace(ws, { maxEntries: 2 });
    expect(snap.truncated).toBe(true);
    expect(snap.size).toBeLessThanOrEqual(2);
  });

  it('skips top-level names on request', async () => {
    const snap = await scanWorkspace(ws, { maxEntries: 100, skipTop: (n) => n === 'src' });
    expect(snap.has('src/deep/b.ts')).toBe(false);
  });
});

describe('diffSnapshots', () => {
  it('lists created, modified and deleted files across a change', async () => {
    const before = await scanWorkspace(ws, { maxEntries: 100 });
    writeFileSync(path.join(ws, 'new.txt'), 'n');
    writeFileSync(path.join(ws, 'a.txt'), 'changed');
    const later = new Date(Date.now() + 5000);
    utimesSync(path.join(ws, '.hidden'), later, later);
    rmSync(path.join(ws, 'src', 'deep', 'b.ts'));
    const after = await scanWorkspace(ws, { maxEntries: 100 });
    expect(diffSnapshots(before, after)).toEqual({ created: ['new.txt'], modified: ['.hidden', 'a.txt'], deleted: ['src/deep/b.ts'] });
    expect(diffSnapshots(after, after)).toEqual({ created: [], modified: [], deleted: [] });
  });
});
