import { describe, it, expect, afterEach, afterAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isRunning } from './processes.js';

const FIXTURE = fileURLToPath(new URL('./fixture-cli.mjs', import.meta.url));
const BASE_ARGS = ['--output-format', 'stream-json', '--verbose', '--input-format', 'stream-json'];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any; // parsed stream-json lines (any: indexing stays ergonomic under noUncheckedIndexedAccess)

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

interface Run {
  child: ChildProcess;
  cwd: string;
  /** Raw stdout `data` chunks, in arrival order. */
  chunks: Buffer[];
  /** Complete stdout lines (split on \n at byte level, then UTF-8 decoded). */
  lines: string[];
  /** Bytes after the last \n. */
  tail: () => string;
  stderr: () => string;
  json: () => Json[];
  exit: Promise<Exit>;
  exited: () => Exit | undefined;
  waitFor: (pred: (r: Run) => boolean, timeoutMs?: number) => Promise<void>;
  closeStdin: () => void;
}

const tmpDirs: string[] = [];
const children = new Set<ChildProcess>();
const groupLeaders = new Set<number>();
const strayPids = new Set<number>();

function newDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'fixture-cli-'));
  tmpDirs.push(d);
  return d;
}

function userLine(prompt: string): string {
  return (
    JSON.stringify({
      type: 'user',
      message: { role: 'user', content: [{ type: 'text', text: prompt }] },
      parent_tool_use_id: null,
      session_id: '',
    }) + '\n'
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function pgrpOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

async function waitUntil(pred: () => boolean, timeoutMs = 3000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

interface StartOpts {
  args?: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Imitate the service: close stdin once a result line has arrived (default true). */
  closeOnResult?: boolean;
  /** Send no user line (stdin left open unless closeImmediately). */
  noPrompt?: boolean;
  /** Close stdin right after writing the user line. */
  closeImmediately?: boolean;
  detached?: boolean;
  rawInput?: string;
}

function start(prompt: string, opts: StartOpts = {}): Run {
  const cwd = opts.cwd ?? newDir();
  // Spawn the file itself (shebang + executable bit), as the service spawns `claude`.
  const child = spawn(FIXTURE, [...BASE_ARGS, ...(opts.args ?? [])], {
    cwd,
    env: opts.env ?? process.env,
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: opts.detached ?? false,
  });
  children.add(child);
  if (opts.detached && child.pid) groupLeaders.add(child.pid);

  const chunks: Buffer[] = [];
  const lines: string[] = [];
  let pending = Buffer.alloc(0);
  const errChunks: Buffer[] = [];
  let exitInfo: Exit | undefined;
  let stdinClosed = false;

  const closeStdin = () => {
    if (stdinClosed) return;
    stdinClosed = true;
    child.stdin!.end();
  };
  child.stdin!.on('error', () => {});

  child.stdout!.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    pending = Buffer.concat([pending, chunk]);
    let nl: number;
    while ((nl = pending.indexOf(0x0a)) !== -1) {
      const line = pending.subarray(0, nl).toString('utf8');
      pending = pending.subarray(nl + 1);
      lines.push(line);
      if ((opts.closeOnResult ?? true) && line.startsWith('{"type":"result"')) closeStdin();
    }
  });
  child.stderr!.on('data', (c: Buffer) => errChunks.push(c));

  const exit = new Promise<Exit>((resolve) => {
    child.on('close', (code, signal) => {
      exitInfo = { code, signal };
      children.delete(child);
      resolve(exitInfo);
    });
  });

  const run: Run = {
    child,
    cwd,
    chunks,
    lines,
    tail: () => pending.toString('utf8'),
    stderr: () => Buffer.concat(errChunks).toString('utf8'),
    json: () =>
      lines.flatMap((l) => {
        try {
          return [JSON.parse(l) as Json];
        } catch {
          return [];
        }
      }),
    exit,
    exited: () => exitInfo,
    waitFor: (pred, timeoutMs = 3000) => waitUntil(() => pred(run), timeoutMs, 'fixture output'),
    closeStdin,
  };

  if (opts.rawInput !== undefined) child.stdin!.write(opts.rawInput);
  else if (!opts.noPrompt) child.stdin!.write(userLine(prompt));
  if (opts.closeImmediately) closeStdin();
  return run;
}

const hasType = (type: string, subtype?: string) => (r: Run) =>
  r.json().some((j) => j.type === type && (subtype === undefined || j.subtype === subtype));

afterEach(async () => {
  for (const pgid of groupLeaders) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  groupLeaders.clear();
  for (const child of children) child.kill('SIGKILL');
  for (const pid of strayPids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  strayPids.clear();
  await sleep(0);
});

afterAll(() => {
  for (const d of tmpDirs) rmSync(d, { recursive: true, force: true });
});

describe('fixture-cli: normal behaviour', () => {
  it('is an executable file with a node shebang', () => {
    expect(readFileSync(FIXTURE, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(statSync(FIXTURE).mode & 0o111).not.toBe(0);
  });

  it('prints init, assistant, result with the CLI line shapes and exits 0 after stdin closes', async () => {
    const logFile = join(newDir(), 'log.jsonl');
    const r = start('hello world', { env: { ...process.env, FIXTURE_LOG: logFile } });
    const ex = await r.exit;
    expect(ex).toEqual({ code: 0, signal: null });
    expect(r.tail()).toBe('');
    expect(r.lines).toHaveLength(3);
    const [init, asst, result] = r.lines.map((l) => JSON.parse(l) as Json);
    const sid = readFileSync(join(r.cwd, '.fixture-session'), 'utf8').trim();
    expect(sid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(init).toEqual({
      type: 'system',
      subtype: 'init',
      cwd: r.cwd,
      session_id: sid,
      tools: ['Write', 'Bash'],
      model: 'claude-fixture',
      permissionMode: 'default',
      apiKeySource: 'none',
    });
    expect(asst).toEqual({
      type: 'assistant',
      message: {
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        model: 'claude-fixture',
        content: [{ type: 'text', text: 'fixture: hello world' }],
        stop_reason: null,
        usage: { input_tokens: 3, output_tokens: 2 },
      },
      parent_tool_use_id: null,
      session_id: sid,
    });
    expect(result).toEqual({
      type: 'result',
      subtype: 'success',
      is_error: false,
      duration_ms: 5,
      duration_api_ms: 4,
      num_turns: 1,
      result: 'fixture: hello world',
      session_id: sid,
      total_cost_usd: 0.001,
      usage: { input_tokens: 3, output_tokens: 2, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    });
    expect(readFileSync(join(r.cwd, '.fixture-pid'), 'utf8').trim()).toBe(String(r.child.pid));
    const log = readFileSync(logFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(log).toEqual([{ pid: r.child.pid, argv: BASE_ARGS, cwd: r.cwd, prompt: 'hello world' }]);
  });

  it('keeps running after result until stdin is closed', async () => {
    const r = start('hi', { closeOnResult: false });
    await r.waitFor(hasType('result'));
    await sleep(200);
    expect(r.exited()).toBeUndefined();
    r.closeStdin();
    expect(await r.exit).toEqual({ code: 0, signal: null });
  });

  it('exits immediately after result when stdin is already closed', async () => {
    const r = start('hi', { closeImmediately: true });
    expect(await r.exit).toEqual({ code: 0, signal: null });
    expect(r.json().map((j) => j.type)).toEqual(['system', 'assistant', 'result']);
  });

  it('honours --model', async () => {
    const r = start('hi', { args: ['--model', 'claude-x'] });
    await r.exit;
    const [init, asst] = r.json();
    expect(init.model).toBe('claude-x');
    expect(asst.message.model).toBe('claude-x');
  });

  it('reuses the stored session id with --continue, new id without; NEWSESSION forces a fresh one', async () => {
    const cwd = newDir();
    const sidOf = (r: Run) => r.json()[0].session_id as string;
    const a = start('one', { cwd });
    await a.exit;
    const b = start('two', { cwd, args: ['--continue'] });
    await b.exit;
    expect(sidOf(b)).toBe(sidOf(a));
    expect(b.json().every((j) => j.session_id === sidOf(a))).toBe(true);
    const c = start('NEWSESSION', { cwd, args: ['--continue'] });
    await c.exit;
    expect(sidOf(c)).not.toBe(sidOf(a));
    expect(c.json().find((j) => j.type === 'result')!.session_id).toBe(sidOf(c));
    const d = start('three', { cwd });
    await d.exit;
    expect(sidOf(d)).not.toBe(sidOf(c));
    // --continue in a fresh dir: a new id is created and stored
    const e = start('four', { args: ['--continue'] });
    await e.exit;
    expect(readFileSync(join(e.cwd, '.fixture-session'), 'utf8').trim()).toBe(sidOf(e));
  });

  it('exits 2 with a stderr message when stdin closes without a user line', async () => {
    const r = start('', { noPrompt: true, closeImmediately: true });
    expect(await r.exit).toEqual({ code: 2, signal: null });
    expect(r.lines).toEqual([]);
    expect(r.stderr()).toMatch(/stdin closed without a user message/);
    expect(readFileSync(join(r.cwd, '.fixture-pid'), 'utf8').trim()).toBe(String(r.child.pid));
  });

  it('exits 2 on an unparseable stdin line', async () => {
    const r = start('', { rawInput: 'not json\n' });
    expect(await r.exit).toEqual({ code: 2, signal: null });
    expect(r.stderr()).toMatch(/not JSON/);
  });
});

describe('fixture-cli: fault modes', () => {
  it('GARBAGE: non-JSON lines and an unknown type between init and assistant', async () => {
    const r = start('GARBAGE');
    expect(await r.exit).toEqual({ code: 0, signal: null });
    expect(r.lines[0]).toMatch(/^\{"type":"system","subtype":"init"/);
    expect(r.lines.slice(1, 5)).toEqual(['this is not json', '{broken', '', '{"type":"mystery","x":1}']);
    expect(JSON.parse(r.lines[5]!).type).toBe('assistant');
    expect(JSON.parse(r.lines[6]!)).toMatchObject({ type: 'result', subtype: 'success', result: 'fixture: GARBAGE' });
    expect(r.lines).toHaveLength(7);
  });

  it('SPLIT: assistant line in several chunks, multi-byte char split across writes', async () => {
    const r = start('SPLIT');
    expect(await r.exit).toEqual({ code: 0, signal: null });
    const js = r.lines.map((l) => JSON.parse(l) as Json);
    expect(js.map((j) => j.type)).toEqual(['system', 'assistant', 'assistant', 'result']);
    expect(js[1].message.content[0].text).toBe('fixture: SPLIT');
    expect(js[2].message.content[0].text).toBe('héllo ✓ 日本');
    expect(js[3].result).toBe('fixture: SPLIT');
    // the assistant line did not arrive in one piece
    const asstStart = Buffer.byteLength(r.lines[0]!) + 1;
    let offset = 0;
    const boundaries: number[] = [];
    for (const c of r.chunks) {
      offset += c.length;
      boundaries.push(offset);
    }
    const asstEnd = asstStart + Buffer.byteLength(r.lines[1]!) + 1;
    expect(boundaries.filter((b) => b > asstStart && b < asstEnd).length).toBeGreaterThanOrEqual(2);
    // some chunk ends in the middle of a UTF-8 sequence (decoding it alone yields U+FFFD)
    expect(r.chunks.some((c) => c.toString('utf8').includes('\uFFFD'))).toBe(true);
  });

  it('CRASH: init, half an assistant line, stderr message, exit 3', async () => {
    const r = start('CRASH');
    expect(await r.exit).toEqual({ code: 3, signal: null });
    expect(r.lines).toHaveLength(1);
    expect(JSON.parse(r.lines[0]!).subtype).toBe('init');
    expect(r.tail()).toMatch(/^\{"type":"assistant"/);
    expect(() => JSON.parse(r.tail())).toThrow();
    expect(r.stderr()).toBe('fixture crash: boom\n');
  });

  it('NOEXIT: prints result, survives stdin close, dies on SIGTERM', async () => {
    const r = start('NOEXIT');
    await r.waitFor(hasType('result'));
    expect(r.json().map((j) => j.type)).toEqual(['system', 'assistant', 'result']);
    await sleep(300); // stdin was closed on result
    expect(r.exited()).toBeUndefined();
    expect(isRunning(r.child.pid!)).toBe(true);
    r.child.kill('SIGTERM');
    expect(await r.exit).toEqual({ code: null, signal: 'SIGTERM' });
  });

  it('IGNORETERM: survives SIGTERM and SIGINT, no result, dies only on SIGKILL', async () => {
    const r = start('IGNORETERM', { closeImmediately: true });
    await r.waitFor(hasType('system', 'init'));
    r.child.kill('SIGTERM');
    r.child.kill('SIGINT');
    await sleep(300);
    expect(r.exited()).toBeUndefined();
    expect(isRunning(r.child.pid!)).toBe(true);
    expect(r.json().map((j) => j.type)).toEqual(['system']);
    r.child.kill('SIGKILL');
    expect(await r.exit).toEqual({ code: null, signal: 'SIGKILL' });
    expect(isRunning(r.child.pid!)).toBe(false);
  });

  it('GRANDCHILD: spawns a grandchild in the same process group, writes its pid, hangs', async () => {
    const r = start('GRANDCHILD', { detached: true }); // fixture leads its own process group
    await r.waitFor(hasType('system', 'init'));
    const gcPid = Number(readFileSync(join(r.cwd, '.grandchild-pid'), 'utf8').trim());
    strayPids.add(gcPid);
    expect(gcPid).toBeGreaterThan(0);
    expect(gcPid).not.toBe(r.child.pid);
    expect(isRunning(gcPid)).toBe(true);
    expect(pgrpOf(gcPid)).toBe(r.child.pid);
    expect(readFileSync(join(r.cwd, '.fixture-pid'), 'utf8').trim()).toBe(String(r.child.pid));
    await sleep(100);
    expect(r.json().some((j) => j.type === 'result')).toBe(false);
    expect(r.exited()).toBeUndefined();
    // killing the whole process group takes the grandchild down too
    process.kill(-r.child.pid!, 'SIGKILL');
    expect((await r.exit).signal).toBe('SIGKILL');
    await waitUntil(() => !isRunning(gcPid), 3000, 'grandchild death');
  });

  it('GRANDCHILD: killing only the fixture leaves the grandchild orphaned (what the service must prevent)', async () => {
    const r = start('GRANDCHILD');
    await r.waitFor(hasType('system', 'init'));
    const gcPid = Number(readFileSync(join(r.cwd, '.grandchild-pid'), 'utf8').trim());
    strayPids.add(gcPid);
    r.child.kill('SIGTERM');
    expect((await r.exit).signal).toBe('SIGTERM');
    await sleep(100);
    expect(isRunning(gcPid)).toBe(true);
    process.kill(gcPid, 'SIGKILL');
    await waitUntil(() => !isRunning(gcPid), 3000, 'grandchild death');
  });

  it('STALL: init only, then silence; SIGTERM ends it', async () => {
    const r = start('STALL', { closeImmediately: true });
    await r.waitFor(hasType('system', 'init'));
    await sleep(300);
    expect(r.lines).toHaveLength(1);
    expect(r.tail()).toBe('');
    expect(r.exited()).toBeUndefined();
    r.child.kill('SIGTERM');
    expect(await r.exit).toEqual({ code: null, signal: 'SIGTERM' });
  });

  it('SLOW: n ticks every ms milliseconds, then result', async () => {
    const t0 = Date.now();
    const r = start('SLOW 3 40');
    expect(await r.exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(120);
    const js = r.json();
    expect(js.map((j) => j.type)).toEqual(['system', 'assistant', 'assistant', 'assistant', 'result']);
    expect(js.slice(1, 4).map((j) => j.message.content[0].text)).toEqual(['tick1', 'tick2', 'tick3']);
    expect(js[4]).toMatchObject({ subtype: 'success', is_error: false });
  });

  it('SLOW: SIGINT mid-turn prints an error_during_execution result and exits 130', async () => {
    const r = start('SLOW 100 30');
    await r.waitFor((x) => x.json().filter((j) => j.type === 'assistant').length >= 2);
    r.child.kill('SIGINT');
    expect(await r.exit).toEqual({ code: 130, signal: null });
    const js = r.json();
    const result = js[js.length - 1];
    expect(result).toMatchObject({
      type: 'result',
      subtype: 'error_during_execution',
      is_error: true,
      session_id: js[0].session_id,
    });
    expect(js.filter((j) => j.type === 'assistant').length).toBeLessThan(100);
  });

  it('SLOW: SIGINT with stdin already closed exits 130 without a result', async () => {
    const r = start('SLOW 100 30', { closeImmediately: true });
    await r.waitFor((x) => x.json().some((j) => j.type === 'assistant'));
    r.child.kill('SIGINT');
    expect(await r.exit).toEqual({ code: 130, signal: null });
    expect(r.json().some((j) => j.type === 'result')).toBe(false);
  });

  it('ISERROR: is_error result with api_error_status, exit 1', async () => {
    const r = start('ISERROR', { closeOnResult: false });
    expect(await r.exit).toEqual({ code: 1, signal: null });
    const result = r.json().find((j) => j.type === 'result')!;
    expect(result).toMatchObject({
      type: 'result',
      subtype: 'success',
      is_error: true,
      api_error_status: 400,
      result: 'API Error: 400 scripted',
      session_id: r.json()[0].session_id,
    });
  });

  it('BIG: one assistant message of <kb> KiB', async () => {
    const r = start('BIG 300');
    expect(await r.exit).toEqual({ code: 0, signal: null });
    const js = r.json();
    expect(js.map((j) => j.type)).toEqual(['system', 'assistant', 'result']);
    expect(js[1].message.content[0].text).toHaveLength(300 * 1024);
    expect(js[2].result).toHaveLength(300 * 1024);
  });

  it('STDERR: <kb> KiB of stderr junk, then a normal turn', async () => {
    const r = start('STDERR 256');
    expect(await r.exit).toEqual({ code: 0, signal: null });
    expect(Buffer.byteLength(r.stderr())).toBe(256 * 1024);
    expect(r.json().map((j) => j.type)).toEqual(['system', 'assistant', 'result']);
  });

  it('ARGV: reports argv; the prompt never shows up in argv', async () => {
    const extra = ['--continue', '--model', 'm1', '--include-partial-messages'];
    const r = start('ARGV --dangerously-skip-permissions', { args: extra });
    expect(await r.exit).toEqual({ code: 0, signal: null });
    const js = r.json();
    const argv = JSON.parse(js[2].result);
    expect(argv).toEqual([...BASE_ARGS, ...extra]);
    expect(argv).not.toContain('--dangerously-skip-permissions');
    expect(js[1].message.content[0].text).toBe(js[2].result);
  });

  it('ENV: reports the sorted env key list', async () => {
    const env = { PATH: process.env.PATH, HOME: '/nonexistent', FIXTURE_ALLOWED: '1' };
    const r = start('ENV', { env });
    expect(await r.exit).toEqual({ code: 0, signal: null });
    const keys = JSON.parse(r.json().find((j) => j.type === 'result')!.result);
    expect(keys).toEqual(['FIXTURE_ALLOWED', 'HOME', 'PATH']);
  });

  it('EXIT <code>: init then exit with that code, no result', async () => {
    const r = start('EXIT 7');
    expect(await r.exit).toEqual({ code: 7, signal: null });
    expect(r.json().map((j) => j.type)).toEqual(['system']);
  });

  it('writes its pid file in every mode before anything else', async () => {
    const cwd = newDir();
    writeFileSync(join(cwd, '.fixture-pid'), 'stale\n');
    const r = start('STALL', { cwd });
    await r.waitFor(hasType('system', 'init'));
    expect(readFileSync(join(cwd, '.fixture-pid'), 'utf8').trim()).toBe(String(r.child.pid));
    r.child.kill('SIGKILL');
    await r.exit;
  });
});
