import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runClient } from '../support/client-process.js';
import { startTestServer, type TestServer } from '../support/harness.js';

// The command-line client driven as a user would: the bin, piped stdin, a live server (fixture CLI).

const KEY = 'client-test-key-0123456789';
let s: TestServer;
let tmp: string;
const client = (args: string[], input?: string) => runClient(args, { url: s.url, apiKey: KEY, input });
const jsonLines = (text: string) => text.trim().split('\n').map((l) => JSON.parse(l));

beforeAll(async () => {
  s = await startTestServer({ API_KEYS: `alice:${KEY}` });
  tmp = await mkdtemp(path.join(os.tmpdir(), 'cca-client-'));
});
afterAll(async () => {
  await s.close();
  await rm(tmp, { recursive: true, force: true });
});

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}

async function newSession(...flags: string[]): Promise<string> {
  const r = await client(['sessions', 'create', ...flags]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout.trim();
}

describe('claude-code-api-client', () => {
  it('health, and sessions create | list | get | delete, in text and --json', async () => {
    expect((await client(['health'])).stdout).toMatch(/^ok · version \S+ · CLI 0\.0\.0-fixture/);
    const id = await newSession('--name', 'from-cli');
    expect(id).toMatch(/^[a-z0-9]{20}$/);
    const list = await client(['sessions', 'list']);
    expect(list.stdout).toMatch(new RegExp(`${id}\\s+idle\\s+0\\s+sonnet\\s+\\S+ ago\\s+from-cli`));
    const listed = jsonLines((await client(['--json', 'sessions', 'list'])).stdout);
    expect(listed.find((x) => x.id === id)).toMatchObject({ name: 'from-cli', status: 'idle' });
    expect((await client(['sessions', 'get', id])).stdout).toMatch(/^name\s+from-cli$/m);
    expect(await client(['sessions', 'delete', id])).toMatchObject({ code: 0, stdout: `deleted ${id}\n` });
    const gone = await client(['sessions', 'get', id]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/^error: SESSION_NOT_FOUND \(404\): no such session \[request req_[\w-]+\]$/m);
  });

  it('send streams the reply as it arrives and exits 0; Ctrl-C interrupts it; a failed turn exits 4', async () => {
    const id = await newSession();
    const hello = await client(['send', id, 'hello']);
    expect(hello).toMatchObject({ code: 0 });
    expect(hello.stdout).toMatch(/^fixture: hello\n\[completed · [\d.]+ s · \$0\.0010\]\n$/);
    const slow = await client(['send', id, 'SLOW 4 250']);
    expect(slow.stdout).toContain('tick1\ntick2\ntick3\ntick4\n[completed');
    // tick1 reached the terminal long before the turn ended: streamed, not buffered.
    const first = slow.chunks.find((c) => c.text.includes('tick1'))!;
    const last = slow.chunks.find((c) => c.text.includes('tick4'))!;
    expect(last.at - first.at).toBeGreaterThan(500);
    const piped = await client(['send', id, '-'], 'from stdin\n');
    expect(piped.stdout).toMatch(/^fixture: from stdin\n/);
    const stopped = await runClient(['send', id, 'SLOW 50 100'], { url: s.url, apiKey: KEY, sigintWhen: 'tick2' });
    expect(stopped.code).toBe(4);
    expect(stopped.stderr).toContain('^C interrupting…');
    expect(stopped.stdout).toMatch(/\[interrupted · /);
    expect(stopped.stdout).not.toContain('tick50');
    const crash = await client(['send', id, 'CRASH']);
    expect(crash.code).toBe(4);
    expect(crash.stdout).toMatch(/\[failed · /);
  });

  it("send --permissions allow|deny decides the turn's requests whatever the session's policy; a denial is no success", async () => {
    const id = await newSession();
    const allowed = await client(['send', id, 'ASK', '--permissions', 'allow']);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.stdout).toContain('allowed');
    const denied = await client(['send', id, 'ASK', '--permissions', 'deny']);
    expect(denied.code).toBe(4);
    expect(denied.stderr).toMatch(/1 tool request\(s\) were denied: Write/);
    // Without the flag, the session's own policy (deny) answers: said, and not exit 0 either.
    const byPolicy = await client(['send', id, 'ASK'], '');
    expect(byPolicy.code).toBe(4);
    expect(byPolicy.stderr).toContain('denied');
  });

  it('send --json prints one event per line, ending with turn_finished', async () => {
    const id = await newSession();
    const r = await client(['--json', 'send', id, 'hello']);
    const events = jsonLines(r.stdout);
    expect(events[0]).toMatchObject({ type: 'turn_started', prompt: 'hello' });
    expect(events.at(-1)).toMatchObject({ type: 'turn_finished', status: 'completed', text: 'fixture: hello' });
    expect(r.stdout).not.toContain('\x1b[');
  });

  it('files put | ls | get | rm, and history', async () => {
    const id = await newSession();
    const local = path.join(tmp, 'notes.txt');
    await writeFile(local, 'line one\nline two\n');
    expect((await client(['files', 'put', id, local, 'docs/notes.txt'])).stdout).toBe('uploaded docs/notes.txt (18 B)\n');
    const ls = await client(['files', 'ls', id, '-r']);
    expect(ls.stdout).toMatch(/^docs\/\s+dir /m);
    expect(ls.stdout).toMatch(/^docs\/notes\.txt\s+18 B /m);
    expect(jsonLines((await client(['--json', 'files', 'ls', id, 'docs'])).stdout)).toEqual([expect.objectContaining({ path: 'docs/notes.txt', type: 'file', size: 18 })]);
    expect((await client(['files', 'get', id, 'docs/notes.txt'])).stdout).toBe('line one\nline two\n');
    const saved = path.join(tmp, 'copy.txt');
    await client(['files', 'get', id, 'docs/notes.txt', '-o', saved]);
    expect(await readFile(saved, 'utf8')).toBe('line one\nline two\n');
    expect((await client(['files', 'rm', id, 'docs/notes.txt'])).code).toBe(0);
    const missing = await client(['files', 'get', id, 'docs/notes.txt']);
    expect(missing).toMatchObject({ code: 1 });
    expect(missing.stderr).toContain('FILE_NOT_FOUND (404)');

    await client(['send', id, 'first']);
    await client(['send', id, 'second']);
    expect((await client(['history', id])).stdout).toMatch(/^#1 you› first\nfixture: first\n\[completed.*\]\n#2 you› second\nfixture: second\n/);
    const turns = jsonLines((await client(['--json', 'history', id, '--order', 'desc', '--limit', '1'])).stdout);
    expect(turns).toEqual([expect.objectContaining({ number: 2, prompt: 'second', response: 'fixture: second' })]);
  });

  it('chat reads prompts and commands from a pipe and prints the transcript', async () => {
    const r = await client(['chat', '--name', 'piped'], 'hello\n/files\n/quit\nnever sent\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^you› hello\nfixture: hello\n\[completed · [\d.]+ s · \$0\.0010\]\nyou› \/files\n\.fixture-pid\s+\d+ B .*\n\.fixture-session\s+\d+ B .*\nyou› \/quit\n$/,
    );
    expect(r.stderr).toMatch(/^session [a-z0-9]{20} \(new\) · \/help/);
    const id = /session ([a-z0-9]{20})/.exec(r.stderr)![1]!;
    const again = await client(['chat', id], 'again\n');
    expect(again.stdout).toContain('you› again\nfixture: again\n');
  });

  it('chat answers permission requests with y/n', async () => {
    const r = await client(['chat', '--permission-policy', 'ask'], 'ASK one\ny\nASK two\nn\n');
    expect(r.stdout).toContain('you› ASK one\n? Allow Write x.txt? [y/N] y\nallowed {"file_path":"x.txt","content":"x"}\n[completed');
    expect(r.stdout).toContain('you› ASK two\n? Allow Write x.txt? [y/N] n\ndenied: ');
    const json = await client(['--json', 'chat', '--permission-policy', 'ask'], 'ASK one\ny\n');
    const events = jsonLines(json.stdout);
    expect(events.find((e) => e.type === 'permission_resolved')).toMatchObject({ decision: 'allow', by: 'client' });
  });

  it('fails with clear messages and exit codes', async () => {
    const denied = await runClient(['sessions', 'list'], { url: s.url, apiKey: 'wrong-key-0123456789' });
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/error: UNAUTHENTICATED \(401\): a valid API key is required/);
    const deniedJson = await runClient(['--json', 'sessions', 'list'], { url: s.url, apiKey: 'wrong-key-0123456789' });
    expect(JSON.parse(deniedJson.stderr)).toMatchObject({ status: 401, error: { code: 'UNAUTHENTICATED' } });
    const port = await closedPort();
    const down = await runClient(['health'], { url: `http://127.0.0.1:${port}` });
    expect(down.code).toBe(3);
    expect(down.stderr).toContain(`cannot reach http://127.0.0.1:${port}/api/v1: ECONNREFUSED`);
    const usage = [['bogus'], ['sessions'], ['send', 'only-id'], ['--nope', 'health'], ['files', 'put', 'id', '/nonexistent/file']];
    for (const [args, r] of (await Promise.all(usage.map((a) => client(a)))).map((r, i) => [usage[i]!, r] as const)) {
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^error: /);
    }
    expect((await client([])).code).toBe(2);
    expect((await client(['--help'])).stdout).toMatch(/^Usage: claude-code-api-client/);
  });
});
