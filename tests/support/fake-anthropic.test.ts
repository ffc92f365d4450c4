import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startFakeAnthropic, type FakeAnthropic } from './fake-anthropic.js';
import { CLAUDE_BIN, cliEnv } from './cli-env.js';

// Flags that let Write and Bash run in -p mode as root without prompts:
// acceptEdits auto-approves Write (and only fs-type Bash commands such as touch/mkdir),
// --allowedTools Write,Bash approves arbitrary Bash commands too.
const BASE_ARGS = [
  '-p',
  '--output-format', 'stream-json',
  '--verbose',
  '--input-format', 'stream-json',
  '--permission-mode', 'acceptEdits',
  '--allowedTools', 'Write,Bash',
];

type Line = Record<string, any>;
interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  lines: Line[];
  stdout: string;
  stderr: string;
  result: Line | undefined;
}

const tmpDirs: string[] = [];
async function tempDir(prefix: string): Promise<string> {
  const d = await realpath(await mkdtemp(path.join(tmpdir(), prefix)));
  tmpDirs.push(d);
  return d;
}

/** Run the real CLI once: one stdin user line, stdin closed once the result line arrives. */
function runCli(fake: FakeAnthropic, opts: { cwd: string; home: string; prompt: string; args?: string[] }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(CLAUDE_BIN, [...BASE_ARGS, ...(opts.args ?? [])], {
      cwd: opts.cwd,
      env: cliEnv({ baseUrl: fake.url, home: opts.home }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let buf = '';
    const lines: Line[] = [];
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const raw = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (!raw) continue;
        const line = JSON.parse(raw) as Line;
        lines.push(line);
        if (line.type === 'result') child.stdin.end();
      }
    });
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, lines, stdout, stderr, result: lines.find((l) => l.type === 'result') });
    });
    const msg = { type: 'user', message: { role: 'user', content: [{ type: 'text', text: opts.prompt }] } };
    child.stdin.write(JSON.stringify(msg) + '\n');
  });
}

// ---------------------------------------------------------------------------
// The fake on its own (plain HTTP, no CLI)

function userBody(text: string | object[], extra: object = {}) {
  return {
    model: 'claude-test-1',
    system: [{ type: 'text', text: 'env\n - Primary working directory: /some/dir\n - Platform: linux' }],
    tools: [{ name: 'Write' }, { name: 'Bash' }],
    messages: [{ role: 'user', content: typeof text === 'string' ? [{ type: 'text', text }] : text }],
    ...extra,
  };
}

function sseEvents(text: string): Line[] {
  return text
    .split('\n\n')
    .map((chunk) => chunk.split('\n').find((l) => l.startsWith('data: ')))
    .filter((l): l is string => !!l)
    .map((l) => JSON.parse(l.slice(6)));
}

describe('fake-anthropic (HTTP)', () => {
  let fake: FakeAnthropic;
  beforeAll(async () => {
    fake = await startFakeAnthropic();
  });
  afterAll(async () => {
    await fake.close();
  });

  const post = (p: string, body: unknown, signal?: AbortSignal) =>
    fetch(fake.url + p, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' }, signal });

  it('streams an echo reply as Anthropic SSE and records requests', async () => {
    const res = await post('/v1/messages?beta=true', userBody([
      { type: 'text', text: '<system-reminder>ignore me</system-reminder>' },
      { type: 'text', text: 'hi there' },
    ], { stream: true }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const events = sseEvents(await res.text());
    expect(events.map((e) => e.type)).toEqual([
      'message_start', 'content_block_start', 'content_block_delta', 'content_block_delta',
      'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop',
    ]);
    expect(events[0]!.message.model).toBe('claude-test-1');
    expect(events[0]!.message.id).toMatch(/^msg_\d+$/);
    const text = events.filter((e) => e.type === 'content_block_delta').map((e) => e.delta.text).join('');
    expect(text).toBe('echo: hi there');
    expect(events[6]!.delta.stop_reason).toBe('end_turn');
    expect(events[6]!.usage.output_tokens).toBe(3);
    const rec = fake.requests.at(-1)!;
    expect(rec).toMatchObject({ method: 'POST', path: '/v1/messages?beta=true' });
    expect((rec.body as any).stream).toBe(true);
  });

  it('answers non-streaming, count_tokens, HEAD and GET', async () => {
    const res = await post('/v1/messages', userBody('COST plain'));
    const json = (await res.json()) as any;
    expect(json).toMatchObject({
      type: 'message', role: 'assistant', model: 'claude-test-1', stop_reason: 'end_turn',
      content: [{ type: 'text', text: 'echo: COST plain' }],
      usage: { input_tokens: 1000, output_tokens: 500 },
    });
    const ct = (await (await post('/v1/messages/count_tokens?beta=true', userBody('x'))).json()) as any;
    expect(ct.input_tokens).toBeGreaterThan(0);
    expect((await fetch(fake.url + '/', { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(fake.url + '/v1/models')).status).toBe(200);
  });

  it('scripts tool_use, the post-tool step, RECALL, DELTAS and ERROR', async () => {
    const w = (await (await post('/v1/messages', userBody('WRITE a/b.txt line one\nline two'))).json()) as any;
    expect(w.stop_reason).toBe('tool_use');
    expect(w.content[0]).toMatchObject({
      type: 'tool_use', name: 'Write', input: { file_path: '/some/dir/a/b.txt', content: 'line one\nline two' },
    });
    const after = userBody('WRITE a/b.txt x');
    after.messages.push(
      { role: 'assistant', content: w.content },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: w.content[0].id, content: 'ok' } as any] },
    );
    const w2 = (await (await post('/v1/messages', after)).json()) as any;
    expect(w2.content[0].text).toBe('wrote a/b.txt');

    const b = (await (await post('/v1/messages', userBody('BASH echo hi'))).json()) as any;
    expect(b.content[0]).toMatchObject({ name: 'Bash', input: { command: 'echo hi', description: 'run' } });
    const bashAfter = userBody('BASH echo hi');
    bashAfter.messages.push(
      { role: 'assistant', content: b.content },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: b.content[0].id, content: [{ type: 'text', text: 'hi' }] } as any] },
    );
    expect(((await (await post('/v1/messages', bashAfter)).json()) as any).content[0].text).toBe('bash: hi');

    const recall = userBody('one');
    recall.messages.push(
      { role: 'assistant', content: [{ type: 'text', text: 'echo: one' }] },
      { role: 'user', content: [{ type: 'text', text: '<command-caveat>x</command-caveat>' }, { type: 'text', text: 'two' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'echo: two' }] },
      { role: 'user', content: 'RECALL' } as any,
    );
    expect(((await (await post('/v1/messages', recall)).json()) as any).content[0].text).toBe('recall: one | two');

    const d = sseEvents(await (await post('/v1/messages', userBody('DELTAS 5', { stream: true }))).text());
    expect(d.filter((e) => e.type === 'content_block_delta').map((e) => e.delta.text)).toEqual(['d0 ', 'd1 ', 'd2 ', 'd3 ', 'd4 ']);

    const e = await post('/v1/messages', userBody('ERROR 418', { stream: true }));
    expect(e.status).toBe(418);
    expect(await e.json()).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: 'scripted error 418' } });
  });

  it('WAIT answers only after the wait (time to first byte), streamed or not', async () => {
    const t0 = Date.now();
    const res = await post('/v1/messages', userBody('WAIT 300', { stream: true }));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    const text = sseEvents(await res.text()).filter((e) => e.type === 'content_block_delta').map((e) => e.delta.text).join('');
    expect(text).toBe('waited 300 ms');
    const t1 = Date.now();
    const plain = (await (await post('/v1/messages', userBody('WAIT 200'))).json()) as any;
    expect(Date.now() - t1).toBeGreaterThanOrEqual(190);
    expect(plain.content).toEqual([{ type: 'text', text: 'waited 200 ms' }]);
  });

  it('survives a client that disconnects mid-SLOW, and close() ends HANG sockets', async () => {
    const ac = new AbortController();
    const res = await post('/v1/messages', userBody('SLOW 50 20', { stream: true }), ac.signal);
    const reader = res.body!.getReader();
    await reader.read();
    ac.abort();
    await new Promise((r) => setTimeout(r, 100));

    const own = await startFakeAnthropic();
    const hung = fetch(own.url + '/v1/messages', { method: 'POST', body: JSON.stringify(userBody('HANG', { stream: true })) })
      .then(() => 'answered', () => 'failed');
    while (own.requests.length === 0) await new Promise((r) => setTimeout(r, 10));
    const t0 = Date.now();
    await own.close();
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(await hung).toBe('failed');
  });
});

// ---------------------------------------------------------------------------
// The real CLI against the fake

describe('real claude CLI against fake-anthropic', () => {
  let fake: FakeAnthropic;
  beforeAll(async () => {
    fake = await startFakeAnthropic();
  });
  afterAll(async () => {
    await fake.close();
    await Promise.all(tmpDirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('echoes the prompt', { timeout: 25_000 }, async () => {
    const [cwd, home] = [await tempDir('cli-cwd-'), await tempDir('cli-home-')];
    const before = fake.requests.length;
    const run = await runCli(fake, { cwd, home, prompt: 'hello fake' });
    expect(run.code, run.stderr).toBe(0);
    expect(run.lines[0]).toMatchObject({ type: 'system', subtype: 'init', cwd });
    expect(run.result).toMatchObject({ subtype: 'success', is_error: false, result: 'echo: hello fake' });
    const mine = fake.requests.slice(before);
    expect(mine.some((r) => r.method === 'HEAD' && r.path === '/')).toBe(true);
    const msg = mine.find((r) => r.path.startsWith('/v1/messages'));
    expect(msg).toMatchObject({ method: 'POST', path: '/v1/messages?beta=true' });
    expect((msg!.body as any).stream).toBe(true);
  });

  it('WRITE makes the CLI create the file in its cwd', { timeout: 25_000 }, async () => {
    const [cwd, home] = [await tempDir('cli-cwd-'), await tempDir('cli-home-')];
    const run = await runCli(fake, { cwd, home, prompt: 'WRITE sub/hello.txt hello from the fake' });
    expect(run.result, run.stdout).toMatchObject({ subtype: 'success', is_error: false, result: 'wrote sub/hello.txt', num_turns: 2 });
    expect(await readFile(path.join(cwd, 'sub/hello.txt'), 'utf8')).toBe('hello from the fake');
    const toolUse = run.lines.find((l) => l.type === 'assistant' && l.message.content[0]?.type === 'tool_use');
    expect(toolUse?.message.content[0]).toMatchObject({ name: 'Write', input: { file_path: path.join(cwd, 'sub/hello.txt') } });
  });

  it('RECALL with --continue sees the first run\'s prompt (same session_id)', { timeout: 25_000 }, async () => {
    const [cwd, home] = [await tempDir('cli-cwd-'), await tempDir('cli-home-')];
    const first = await runCli(fake, { cwd, home, prompt: 'remember the alpaca' });
    expect(first.result?.result).toBe('echo: remember the alpaca');
    const second = await runCli(fake, { cwd, home, prompt: 'RECALL', args: ['--continue'] });
    expect(second.result).toMatchObject({ is_error: false, result: 'recall: remember the alpaca' });
    expect(second.result?.session_id).toBe(first.result?.session_id);
  });

  it('ERROR 400 gives a result with is_error true', { timeout: 25_000 }, async () => {
    const [cwd, home] = [await tempDir('cli-cwd-'), await tempDir('cli-home-')];
    const run = await runCli(fake, { cwd, home, prompt: 'ERROR 400' });
    expect(run.result).toMatchObject({ is_error: true, api_error_status: 400 });
    expect(run.result?.result).toContain('scripted error 400');
    expect(run.code).toBe(1);
  });

  it('BASH runs a command and reports its output', { timeout: 25_000 }, async () => {
    const [cwd, home] = [await tempDir('cli-cwd-'), await tempDir('cli-home-')];
    const run = await runCli(fake, {
      cwd, home, prompt: 'BASH node -e "console.log(6*7)" > answer.txt && cat answer.txt && pwd',
    });
    expect(run.result, run.stdout).toMatchObject({ is_error: false, result: `bash: 42\n${cwd}` });
    expect(await readFile(path.join(cwd, 'answer.txt'), 'utf8')).toBe('42\n');
  });
});
