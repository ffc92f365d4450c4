import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAUDE_BIN, cliEnv } from '../support/cli-env.js';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.js';
import { startTestServer, waitFor, type TestServer } from '../support/harness.js';

// Two tenants, the real CLI, SANDBOX=bwrap: each attack a hostile tenant tried against the
// unsandboxed service, run through the Bash tool, and what it gets now.

const OPERATOR_KEY = 'sk-ant-operator-secret-0001';
const ALICE = { 'x-api-key': 'sk-alice-secret-0001' };
const BOB = { 'x-api-key': 'sk-bob-secret-0001' };

let model: FakeAnthropic;
let mirror: http.Server;
let mirrorPort: number;
let s: TestServer;
let alice: { id: string; workspace: string };
let bob: { id: string; workspace: string };

async function create(headers: Record<string, string>, body: Record<string, unknown> = {}) {
  const res = await s.api('/api/v1/sessions', { json: { allowedTools: ['Bash', 'Write'], permissionMode: 'acceptEdits', ...body }, headers });
  expect(res.status).toBe(201);
  return (await res.json()).session as { id: string; workspace: string };
}

/** Runs one shell command through the real CLI's Bash tool; returns what the tool printed. */
async function bash(who: { id: string }, headers: Record<string, string>, command: string): Promise<{ status: number; text: string; body: any }> {
  const res = await s.api(`/api/v1/sessions/${who.id}/messages`, { json: { prompt: `BASH ${command}` }, headers });
  const body = await res.json();
  return { status: res.status, text: String(body.response ?? body.error?.details?.turn?.response ?? ''), body };
}

function hostProcesses(match: string): number[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, 'utf8').replaceAll('\0', ' ').includes(match);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Processes whose working directory is `dir` (the gateway bridge of a sandbox works in its workspace). */
function processesWorkingIn(dir: string): number[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return readlinkSync(`/proc/${p}/cwd`) === dir;
      } catch {
        return false;
      }
    })
    .map(Number);
}

beforeAll(async () => {
  model = await startFakeAnthropic();
  // A package mirror on this host that the operator pins a name to (SANDBOX_EGRESS_HOSTS).
  mirror = http.createServer((req, res) => res.end(`mirror says hi to ${req.url}\n`));
  await new Promise<void>((r) => mirror.listen(0, '127.0.0.1', () => r()));
  mirrorPort = (mirror.address() as AddressInfo).port;
  s = await startTestServer((root) => ({
    ...cliEnv({ baseUrl: model.url, home: root }),
    ANTHROPIC_API_KEY: OPERATOR_KEY,
    CLAUDE_BIN,
    SANDBOX: 'bwrap',
    SANDBOX_MAX_PROCESSES: '96',
    SANDBOX_MEMORY_MB: '1024',
    SANDBOX_SESSION_DOMAINS: 'mirror.test',
    SANDBOX_EGRESS_HOSTS: 'mirror.test=127.0.0.1,blocked.test=127.0.0.1',
    API_KEYS: 'alice:sk-alice-secret-0001,bob:sk-bob-secret-0001',
    DATABASE_URL: 'postgres://secret',
    KILL_GRACE_MS: '1500',
  }));
  alice = await create(ALICE);
  bob = await create(BOB, { allowedDomains: ['mirror.test'] });
  expect((await s.api(`/api/v1/sessions/${bob.id}/files/content?path=secret.txt`, { method: 'PUT', body: 'bob-secret-42', headers: BOB })).status).toBeLessThan(300);
}, 60_000);

afterAll(async () => {
  await s?.close();
  await model?.close();
  await new Promise((r) => mirror?.close(r));
});

describe('a hostile tenant in its sandbox', () => {
  it('reports the sandbox in /health', async () => {
    const health = await (await s.api('/health')).json();
    expect(health.sandbox).toMatchObject({ mode: 'bwrap', requested: 'bwrap', network: 'gateway-only', bridge: 'native' });
    expect(health.gateway.credential).toBe('api-key');
    expect(health.spawner).toBe('helper');
  });

  it("cannot reach the spawn helper's socket (it lives in the host's /tmp, not the sandbox's)", async () => {
    const r = await bash(alice, ALICE, 'ls -d /tmp/cca-spawn-* 2>&1; echo end');
    expect(r.text).toContain('end');
    expect(r.text).toMatch(/No such file or directory/);
    expect(r.text).not.toMatch(/\/tmp\/cca-spawn-[0-9a-f]{16}\s/);
  });

  it('sees no other workspace, no workspace listing, no state dir and no host home', async () => {
    const r = await bash(alice, ALICE, `cat ../*/secret.txt; ls -a ..; ls ${s.config.stateDir}; ls ${s.config.workspaceRoot}; ls ${s.root}; ls -a $HOME/.claude/projects`);
    expect(r.status).toBe(200);
    expect(r.text).not.toContain('bob-secret-42');
    expect(r.text).not.toContain(bob.id);
    expect(r.text).toContain(alice.id); // its own workspace, nothing beside it
    expect(r.text).toMatch(/No such file or directory/);
    expect(r.text).not.toContain('history');
    // The other tenant's conversations are not in its config dir either.
    expect(r.text).not.toContain(bob.workspace.replace(/[^a-zA-Z0-9]/g, '-'));
  });

  it("reads none of the host's secrets in /etc", async () => {
    const r = await bash(alice, ALICE, 'cat /etc/shadow /etc/gshadow /etc/ssl/private/* /etc/npmrc /etc/pip.conf 2>&1 | grep -c "No such file"; ls /etc/ssh 2>&1; cat /etc/passwd; echo end');
    expect(r.text).toContain('end');
    expect(r.text).toMatch(/No such file or directory/);
    expect(r.text).not.toMatch(/PRIVATE KEY/);
    // The users it sees are its own, not the host's.
    expect(r.text).toMatch(/^claude:x:1000:1000:/m);
    expect(r.text.match(/^[a-z_][a-z0-9_-]*:x:/gm)).toHaveLength(3);
  });

  it("cannot plant a file in another tenant's workspace", async () => {
    const r = await bash(alice, ALICE, `echo planted > ${bob.workspace}/x; echo planted > ../${bob.id}/x; echo done`);
    expect(r.text).toContain('done');
    expect((await s.api(`/api/v1/sessions/${bob.id}/files/content?path=x`, { headers: BOB })).status).toBe(404);
  });

  it('finds no server process, no server environ, and no operator key in its own env', async () => {
    const r = await bash(alice, ALICE, `grep -l -a API_KEYS= /proc/*/environ; ps -e -o pid=,comm=; cat /proc/${process.pid}/environ; env`);
    expect(r.text).not.toContain('sk-alice-secret');
    expect(r.text).not.toContain('sk-bob-secret');
    expect(r.text).not.toContain(OPERATOR_KEY);
    expect(r.text).not.toContain('postgres://secret');
    expect(r.text).not.toMatch(/vitest|node /);
    // The CLI's key is its session's gateway token, and the model endpoint is the bridge.
    expect(r.text).toMatch(/ANTHROPIC_API_KEY=cca-gw-/);
    expect(r.text).toContain('ANTHROPIC_BASE_URL=http://127.0.0.1:');
  });

  it("cannot reach the service's port or anything else on the host's loopback", async () => {
    const port = new URL(s.url).port;
    const r = await bash(alice, ALICE, `curl -sS -m 5 --noproxy '*' http://127.0.0.1:${port}/health; curl -sS -m 5 --noproxy '*' ${model.url}/v1/models; echo end`);
    expect(r.text).toContain('end');
    expect(r.text).not.toContain('"status":"ok"');
    expect(r.text).toMatch(/Connection refused|Couldn't connect/);
  });

  it('cannot make a user namespace of its own (the kernel surface most sandbox escapes need)', async () => {
    const r = await bash(alice, ALICE, 'unshare -U true && echo NESTED-USERNS; echo end');
    expect(r.text).toContain('end');
    expect(r.text).not.toContain('NESTED-USERNS');
  });

  it("cannot signal the server or another tenant's turn", async () => {
    const r = await bash(alice, ALICE, `kill -9 ${process.pid}; kill -STOP ${process.pid}; echo after`);
    expect(r.text).toMatch(/No such process/);
    expect((await s.api('/health')).status).toBe(200);
  });

  it('leaves nothing running after its turn: setsid/nohup children die with the sandbox', async () => {
    const r = await bash(alice, ALICE, 'setsid nohup sleep 241 >/dev/null 2>&1 & echo started');
    expect(r.text).toContain('started');
    await waitFor(() => hostProcesses('sleep 241').length === 0, 5_000);
    // Nor the sandbox itself (bwrap, the gateway bridge): the CLI was its PID 1.
    await waitFor(() => hostProcesses(alice.workspace).length === 0 && processesWorkingIn(alice.workspace).length === 0, 5_000);
  });

  it('kill -9 -1 ends its own sandbox only: the server and the other tenant keep running', async () => {
    // Only after proving, inside the same command, that the server is not visible from there.
    const guard = `[ ! -e /proc/${process.pid} ] && ! ps -e -o comm= | grep -qx node`;
    const seen = await bash(alice, ALICE, `${guard} && echo SERVER-INVISIBLE`);
    expect(seen.text).toContain('SERVER-INVISIBLE');
    const slow = s.api(`/api/v1/sessions/${bob.id}/messages`, { json: { prompt: 'SLOW 5 300' }, headers: BOB });
    await new Promise((r) => setTimeout(r, 300));
    const killed = await bash(alice, ALICE, `${guard} && kill -9 -1; echo survived`);
    expect(killed.text).not.toContain('survived');
    const bobTurn = await (await slow).json();
    expect(bobTurn.status).toBe('completed');
    expect(bobTurn.response).toContain('tick4');
    expect((await s.api('/health')).status).toBe(200);
    // The attacker's session itself goes on.
    expect((await bash(alice, ALICE, 'echo back')).text).toContain('back');
  });

  it('a fork bomb stops at its own process limit', async () => {
    // Python's fork fails at once at the limit (bash would retry with back-off).
    const bomb = [
      'import os, time',
      'n = 0',
      'try:',
      '    while n < 300:',
      '        if os.fork() == 0:',
      '            time.sleep(20.25)',
      '            os._exit(0)',
      '        n += 1',
      'except OSError as e:',
      '    print("fork failed:", e.strerror)',
      'print("forked", n)',
    ].join('\n');
    const r = await bash(alice, ALICE, `python3 -c '${bomb}'`);
    const forked = Number(/forked (\d+)/.exec(r.text)?.[1] ?? '300');
    const health = await (await s.api('/health')).json();
    if (health.sandbox.limits.maxProcesses !== null) {
      expect(r.text).toContain('fork failed: Resource temporarily unavailable');
      expect(forked).toBeLessThan(96);
    }
    expect((await bash(bob, BOB, 'echo fine')).text).toContain('fine');
    await waitFor(() => hostProcesses('time.sleep(20.25)').length === 0, 10_000);
  });

  it('a memory hog ends at its own sandbox', async () => {
    const health = await (await s.api('/health')).json();
    const r = await bash(alice, ALICE, `python3 -c "a = bytearray(1536 * 1024 * 1024); print('allocated', len(a))"; echo "exit $?"`);
    if (health.sandbox.limits.memoryBytes !== null) {
      expect(r.text).not.toMatch(/allocated \d/);
      expect(r.text).toMatch(/Killed|exit 137|MemoryError/);
    }
    expect((await s.api('/health')).status).toBe(200);
    expect((await bash(bob, BOB, 'echo fine')).text).toContain('fine');
  });

  it("a symlink to / leads to the sandbox's own root, and the files API refuses it", async () => {
    const r = await bash(alice, ALICE, `ln -s / escape; ls escape/; cat escape${bob.workspace}/secret.txt; cat escape/etc/shadow; echo end`);
    expect(r.text).toContain('end');
    expect(r.text).not.toContain('bob-secret-42');
    expect(r.text).not.toMatch(/^root:[^:]*:\d+:/m);
    const viaApi = await s.api(`/api/v1/sessions/${alice.id}/files/content?path=escape/etc/passwd`, { headers: ALICE });
    expect(viaApi.status).toBe(403);
    expect((await viaApi.json()).error.code).toBe('PATH_OUTSIDE_WORKSPACE');
  });

  it('reaches only allowed domains through the egress proxy', async () => {
    const allowed = await bash(bob, BOB, `curl -sS -m 10 http://mirror.test:${mirrorPort}/pkg; echo end`);
    expect(allowed.text).toContain('mirror says hi to /pkg');
    const denied = await bash(bob, BOB, `curl -sS -m 10 http://blocked.test:${mirrorPort}/pkg; curl -sS -m 10 http://localhost:${mirrorPort}/; echo end`);
    expect(denied.text).not.toContain('mirror says hi');
    expect(denied.text).toContain('blocked by the sandbox network policy');
    // Alice's session asked for no domain: it has no proxy at all.
    const none = await bash(alice, ALICE, `curl -sS -m 10 http://mirror.test:${mirrorPort}/pkg; echo end`);
    expect(none.text).not.toContain('mirror says hi');
  });

  it('refuses a session asking for a domain the operator does not offer', async () => {
    const res = await s.api('/api/v1/sessions', { json: { allowedDomains: ['evil.example'] }, headers: ALICE });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('VALIDATION_FAILED');
  });

  it('the model gateway swapped the token for the operator key on every request', async () => {
    const messages = model.requests.filter((r) => r.path.startsWith('/v1/messages'));
    expect(messages.length).toBeGreaterThan(5);
    for (const r of messages) {
      expect(r.headers['x-api-key']).toBe(OPERATOR_KEY);
      expect(r.headers.authorization).toBeUndefined();
    }
  });

  it('keeps working files, transcripts and --continue in the private config dir', async () => {
    const carol = await create(ALICE);
    await bash(carol, ALICE, 'echo one > one.txt');
    const again = await s.api(`/api/v1/sessions/${carol.id}/messages`, { json: { prompt: 'RECALL' }, headers: ALICE });
    expect((await again.json()).response).toContain('BASH echo one > one.txt');
    expect(await readFile(path.join(carol.workspace, 'one.txt'), 'utf8')).toBe('one\n');
  });
});
