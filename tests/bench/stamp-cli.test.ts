/**
 * The stream-relay benchmark's stamping wrapper (bench/support/stamp-cli.c): what the CLI writes
 * reaches the server byte for byte, every stream_event line gets the stamp of the chunk that
 * completed it, and exit codes and signals are the CLI's.
 */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/cli-env.js';

let dir: string;
let wrapper: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cca-stamp-'));
  wrapper = path.join(dir, 'stamp-cli');
  execFileSync('gcc', ['-O2', '-o', wrapper, path.join(REPO_ROOT, 'bench/support/stamp-cli.c')]);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

async function fakeCli(name: string, body: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, `#!/bin/sh\n${body}\n`);
  await chmod(file, 0o755);
  return file;
}

async function run(real: string, args: string[]) {
  const stamps = await mkdtemp(path.join(dir, 'stamps-'));
  const child = spawn(wrapper, args, { env: { PATH: process.env.PATH ?? '', CLAUDE_BENCH_REAL_BIN: real, CLAUDE_BENCH_STAMP_DIR: stamps }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return { child, stamps, out: () => out, err: () => err };
}

describe('stamp-cli.c', () => {
  it('passes the output on unchanged and stamps each stream_event line, in order, with its exit code', async () => {
    const lines = [
      '{"type":"system","subtype":"init"}',
      ...Array.from({ length: 300 }, (_, i) => `{"type":"stream_event","event":{"type":"content_block_delta"},"uuid":"${uuid(i)}"}`),
      '{"type":"result","uuid":"ffffffff-0000-4000-8000-000000000000"}',
    ];
    const script = path.join(dir, 'lines.txt');
    await writeFile(script, lines.join('\n') + '\n');
    // Two writes with a pause between them: two chunks, two stamps.
    const real = await fakeCli('cli-ok', `echo "$@" >&2; head -n 150 ${script}; sleep 0.2; tail -n +151 ${script}; exit 3`);
    const r = await run(real, ['--flag', 'value']);
    const [code] = await once(r.child, 'exit');
    expect(code).toBe(3);
    expect(r.err()).toBe('--flag value\n'); // argv as given, stderr the CLI's own
    expect(r.out()).toBe(lines.join('\n') + '\n');
    const files = await readdir(r.stamps);
    expect(files).toEqual([`${r.child.pid}.stamps`]);
    const stamped = (await readFile(path.join(r.stamps, files[0]!), 'utf8')).trim().split('\n').map((l) => l.split(' '));
    expect(stamped.map(([, u]) => u)).toEqual(Array.from({ length: 300 }, (_, i) => uuid(i)));
    const times = stamped.map(([t]) => BigInt(t!));
    for (let i = 1; i < times.length; i++) expect(times[i]! >= times[i - 1]!).toBe(true);
    // The lines after the pause came in a later chunk, at least the pause later.
    expect(Number(times[200]! - times[100]!) / 1e6).toBeGreaterThan(150);
  });

  it('passes SIGTERM on to the CLI and dies of it as the CLI did', async () => {
    const real = await fakeCli('cli-wait', 'trap "exit 143" TERM; echo ready; while :; do sleep 0.05; done');
    const r = await run(real, []);
    while (!r.out().includes('ready')) await new Promise((res) => setTimeout(res, 10));
    r.child.kill('SIGTERM');
    const [code, signal] = await once(r.child, 'exit');
    expect({ code, signal }).toEqual({ code: 143, signal: null });
    expect(await readFile(path.join(r.stamps, `${r.child.pid}.stamps`), 'utf8')).toBe('');
  });

  it('refuses to run without its two variables', async () => {
    const child = spawn(wrapper, [], { env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const [code] = await once(child, 'exit');
    expect(code).toBe(127);
    expect(err).toContain('CLAUDE_BENCH_REAL_BIN and CLAUDE_BENCH_STAMP_DIR must be set');
  });
});
