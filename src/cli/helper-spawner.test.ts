import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HelperSpawner } from './helper-spawner.js';
import { DirectSpawner, SpawnFailure, type SpawnedChild, type Spawner } from './spawner.js';
import { isRunning } from '../../tests/support/processes.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENV = { PATH: process.env.PATH ?? '/usr/bin:/bin' };

// The helper is built by `npm install` (scripts/build-spawner.mjs); built here too, so the suite never skips it.
beforeAll(() => {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-spawner.mjs')], { stdio: 'inherit' });
});

async function collect(child: SpawnedChild): Promise<{ out: string; err: string }> {
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout.resume();
  child.stderr.resume();
  await child.done;
  return { out, err };
}


async function waitDead(pid: number, ms = 5000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!isRunning(pid)) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return !isRunning(pid);
}

const logger = pino({ level: 'silent' });

describe.each([
  ['helper', () => new HelperSpawner(logger)],
  ['direct', () => new DirectSpawner()],
] as [string, () => Spawner][])('%s spawner', (_name, make) => {
  let spawner: Spawner;
  let tmp: string;
  beforeAll(async () => {
    spawner = make();
    tmp = await mkdtemp(path.join(os.tmpdir(), 'cca-spawner-'));
  });
  afterAll(async () => {
    await spawner.close();
    await rm(tmp, { recursive: true, force: true });
  });

  it('runs a program in its cwd with exactly the env given, stdin to stdout, stderr apart, and reports its exit code', async () => {
    const child = await spawner.spawn({
      bin: 'sh',
      args: ['-c', 'pwd; echo "$ONLY${HOME:-nohome}"; cat; echo oops >&2; exit 3', 'arg with\nnewline'],
      cwd: tmp,
      env: { ...ENV, ONLY: 'x=' },
    });
    expect(child.pid).toBeGreaterThan(0);
    child.stdin.end('from stdin\n');
    const { out, err } = await collect(child);
    expect(out).toBe(`${await realpath(tmp)}\nx=nohome\nfrom stdin\n`);
    expect(err).toBe('oops\n');
    expect(await child.exited).toEqual({ exitCode: 3, signal: null });
  });

  it('passes arguments byte for byte (spaces, newlines, quotes, empty ones)', async () => {
    const args = ['a b', 'line1\nline2', `"'$HOME'"`, '', 'é∑'];
    const child = await spawner.spawn({ bin: process.execPath, args: ['-e', 'process.stdout.write(JSON.stringify(process.argv.slice(1)))', ...args], cwd: tmp, env: ENV });
    const { out } = await collect(child);
    expect(JSON.parse(out)).toEqual(args);
  });

  it('reports a signal death by name', async () => {
    const child = await spawner.spawn({ bin: 'sh', args: ['-c', 'kill -TERM $$; sleep 5'], cwd: tmp, env: ENV });
    await collect(child);
    expect(await child.exited).toEqual({ exitCode: null, signal: 'SIGTERM' });
  });

  it('fails to spawn, with a reason, for a missing program or cwd', async () => {
    await expect(spawner.spawn({ bin: 'no-such-program-cca', args: [], cwd: tmp, env: ENV })).rejects.toBeInstanceOf(SpawnFailure);
    await expect(spawner.spawn({ bin: 'sh', args: ['-c', 'true'], cwd: path.join(tmp, 'missing'), env: ENV })).rejects.toThrow(/ENOENT|No such file/);
  });

  it('starts each child as the leader of its own process group, which dies with it', async () => {
    const child = await spawner.spawn({ bin: 'sh', args: ['-c', 'sleep 30 & echo $!; exit 0'], cwd: tmp, env: ENV });
    const { out } = await collect(child);
    const grandchild = Number(out.trim());
    expect(grandchild).toBeGreaterThan(0);
    // The shell's own group: killed when the shell exited, so the sleep holding stdout went too.
    expect(await waitDead(grandchild)).toBe(true);
  });

  it('does not hang when a grandchild outside the group keeps stdout open', async () => {
    const child = await spawner.spawn({ bin: 'sh', args: ['-c', 'setsid sleep 4 & exit 0'], cwd: tmp, env: ENV });
    const t0 = Date.now();
    await collect(child);
    expect(Date.now() - t0).toBeLessThan(3900);
  });

  it('keeps output a child writes before the server reads it, and large output whole', async () => {
    const child = await spawner.spawn({ bin: process.execPath, args: ['-e', 'process.stdout.write("x".repeat(3e6))'], cwd: tmp, env: ENV });
    await new Promise((r) => setTimeout(r, 300));
    const { out } = await collect(child);
    expect(out.length).toBe(3e6);
  });

  it('starts 20 children at once', async () => {
    const children = await Promise.all(Array.from({ length: 20 }, (_, i) => spawner.spawn({ bin: 'sh', args: ['-c', `echo ${i}`], cwd: tmp, env: ENV })));
    const outs = await Promise.all(children.map(collect));
    expect(outs.map((o) => o.out)).toEqual(Array.from({ length: 20 }, (_, i) => `${i}\n`));
  });
});

describe('helper spawner ownership', () => {
  it('kills every child when closed, with what it started outside its group, and refuses to spawn after', async () => {
    const spawner = new HelperSpawner(logger, { graceMs: 200 });
    const child = await spawner.spawn({ bin: 'sh', args: ['-c', 'setsid sleep 30 & echo $!; sleep 30'], cwd: os.tmpdir(), env: ENV });
    const [line] = (await once(child.stdout.resume(), 'data')) as [Buffer];
    const escaped = Number(line.toString().trim());
    expect(escaped).toBeGreaterThan(0);
    await spawner.close();
    expect(await waitDead(child.pid)).toBe(true);
    expect(await waitDead(escaped)).toBe(true);
    // SIGTERM after the grace period ends the shell (its exit reported), or SIGKILL after the next one.
    const exit = await child.exited;
    expect(exit.exitCode).toBeNull();
    expect(['SIGTERM', 'SIGKILL']).toContain(exit.signal);
    await expect(spawner.spawn({ bin: 'true', args: [], cwd: os.tmpdir(), env: ENV })).rejects.toBeInstanceOf(SpawnFailure);
  });

  it.each(['SIGKILL', 'SIGTERM'] as const)('when the helper is killed (%s), its children die and are reported; the next spawn starts a new helper', async (signal) => {
    const spawner = new HelperSpawner(logger, { graceMs: 200 });
    const child = await spawner.spawn({ bin: 'sleep', args: ['30'], cwd: os.tmpdir(), env: ENV });
    const helperPid = Number(execFileSync('ps', ['-o', 'ppid=', '-p', String(child.pid)]).toString().trim());
    expect(helperPid).not.toBe(process.pid);
    process.kill(helperPid, signal);
    // SIGKILL: the server kills it; SIGTERM: the helper ends it (after its grace period) or the server does.
    const exit = await child.exited;
    expect(exit.exitCode).toBeNull();
    expect(signal === 'SIGKILL' ? ['SIGKILL'] : ['SIGTERM', 'SIGKILL']).toContain(exit.signal);
    expect(await waitDead(child.pid)).toBe(true);
    const next = await spawner.spawn({ bin: 'sh', args: ['-c', 'echo again'], cwd: os.tmpdir(), env: ENV });
    expect((await collect(next)).out).toBe('again\n');
    await spawner.close();
  });

  it("a helper whose server died leaves alone the socket a new server made in the same dir", async () => {
    const parent = await mkdtemp(path.join(os.tmpdir(), 'cca-spawner-dir-'));
    const dir = path.join(parent, 'sock');
    const first = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'tests/fixtures/helper-spawner-server.ts')], {
      cwd: ROOT,
      env: { ...process.env, SOCKET_DIR: dir },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [line] = (await once(first.stdout!, 'data')) as [Buffer];
    const orphan = Number(line.toString().trim());
    // The next server on the same state dir starts while the old helper still runs (a fast restart).
    const next = new HelperSpawner(logger, { socketDir: dir });
    await next.start();
    first.kill('SIGKILL');
    await once(first, 'exit');
    expect(await waitDead(orphan)).toBe(true);
    await new Promise((r) => setTimeout(r, 200)); // the old helper has cleaned up what was its own
    const child = await next.spawn({ bin: 'sh', args: ['-c', 'echo still here'], cwd: os.tmpdir(), env: ENV });
    expect((await collect(child)).out).toBe('still here\n');
    await next.close();
    await rm(parent, { recursive: true, force: true });
  });

  it('when the server dies by SIGKILL, the helper kills its children and exits', async () => {
    const server = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'tests/fixtures/helper-spawner-server.ts')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const [line] = (await once(server.stdout!, 'data')) as [Buffer];
    const pid = Number(line.toString().trim());
    expect(isRunning(pid)).toBe(true);
    server.kill('SIGKILL');
    await once(server, 'exit');
    expect(await waitDead(pid)).toBe(true);
  });
});
