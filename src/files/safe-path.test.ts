import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import { ensureDir, isInside, openInside, parseRelPath, resolveExisting } from './safe-path.js';

const codeOf = async (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof ApiError ? e.code : `raw:${(e as Error).message}`));

describe('parseRelPath', () => {
  it.each([
    ['', ''],
    ['.', ''],
    ['/', null],
    ['a', 'a'],
    ['a/b/c.txt', 'a/b/c.txt'],
    ['./a//b/./c', 'a/b/c'],
    ['a/', 'a'],
    ['.hidden', '.hidden'],
    ['..hidden', '..hidden'],
    ['a..b', 'a..b'],
    ['with space ü.txt', 'with space ü.txt'],
    ['100%.txt', '100%.txt'],
  ])('%j → %j', (input, out) => {
    if (out === null) expect(() => parseRelPath(input)).toThrow(ApiError);
    else expect(parseRelPath(input)).toBe(out);
  });

  it.each([
    '..',
    '../x',
    'a/../../x',
    'a/..',
    '/etc/passwd',
    '//etc/passwd',
    'a\\..\\b',
    '..\\x',
    'a\0b',
    'a\nb',
    '%2e%2e/x',
    '%2E%2E%2Fx',
    'a%00b',
    'x'.repeat(256),
    `${'a/'.repeat(2100)}a`,
  ])('refuses %j with INVALID_PATH', (input) => {
    try {
      parseRelPath(input);
      expect.unreachable();
    } catch (err) {
      expect((err as ApiError).code).toBe('INVALID_PATH');
    }
  });
});

describe('isInside', () => {
  it('compares whole path segments', () => {
    expect(isInside('/w/abc', '/w/abc')).toBe(true);
    expect(isInside('/w/abc', '/w/abc/d')).toBe(true);
    expect(isInside('/w/abc', '/w/abcd')).toBe(false);
    expect(isInside('/w/abc', '/w')).toBe(false);
  });
});

describe('resolution against a real tree', () => {
  let tmp: string;
  let root: string;
  let outside: string;
  beforeAll(() => {
    tmp = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'cca-safe-')));
    root = path.join(tmp, 'ws');
    outside = path.join(tmp, 'outside');
    mkdirSync(path.join(root, 'sub'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(path.join(outside, 'secret.txt'), 'secret');
    writeFileSync(path.join(root, 'sub', 'in.txt'), 'inside');
    symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'to-secret'));
    symlinkSync(outside, path.join(root, 'to-outside'));
    symlinkSync('sub', path.join(root, 'to-sub'));
    symlinkSync('sub/in.txt', path.join(root, 'to-in'));
    symlinkSync('nowhere', path.join(root, 'dangling'));
    symlinkSync('/etc/passwd', path.join(root, 'passwd'));
    symlinkSync('loop', path.join(root, 'loop'));
    execFileSync('mkfifo', [path.join(root, 'fifo')]);
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('resolves inside paths, follows inside links, refuses outside ones', async () => {
    expect(await resolveExisting(root, 'sub/in.txt')).toBe(path.join(root, 'sub', 'in.txt'));
    expect(await resolveExisting(root, 'to-sub/in.txt')).toBe(path.join(root, 'sub', 'in.txt'));
    for (const rel of ['to-secret', 'to-outside', 'to-outside/secret.txt', 'passwd', 'loop']) {
      expect(await codeOf(resolveExisting(root, rel))).toBe('PATH_OUTSIDE_WORKSPACE');
    }
    expect(await codeOf(resolveExisting(root, 'dangling'))).toBe('FILE_NOT_FOUND');
    expect(await codeOf(resolveExisting(root, 'missing'))).toBe('FILE_NOT_FOUND');
  });

  it('opens inside files, never outside ones, and does not block on a FIFO', async () => {
    const { fh, stat } = await openInside(root, 'to-in');
    expect(stat.isFile()).toBe(true);
    await fh.close();
    expect(await codeOf(openInside(root, 'to-secret'))).toBe('PATH_OUTSIDE_WORKSPACE');
    const fifo = await openInside(root, 'fifo');
    expect(fifo.stat.isFIFO()).toBe(true);
    await fifo.fh.close();
  });

  it('creates directories level by level, refusing to pass through an outside link', async () => {
    expect(await ensureDir(root, 'new/deeper', false)).toBeNull();
    expect(await ensureDir(root, 'new/deeper', true)).toBe(path.join(root, 'new', 'deeper'));
    expect(await ensureDir(root, 'to-sub', false)).toBe(path.join(root, 'sub'));
    expect(await codeOf(ensureDir(root, 'to-outside/made', true))).toBe('PATH_OUTSIDE_WORKSPACE');
    expect(await codeOf(ensureDir(root, 'dangling/made', true))).toBe('PATH_OUTSIDE_WORKSPACE');
    expect(await codeOf(ensureDir(root, 'sub/in.txt/x', true))).toBe('PATH_CONFLICT');
    expect(readdirSync(outside)).toEqual(['secret.txt']);
  });
});
