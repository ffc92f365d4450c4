import { existsSync, mkdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAUDE_BIN, cliEnv } from '../support/cli-env.js';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.js';
import { startTestServer, waitFor, type TestServer } from '../support/harness.js';
import { cliProcessesIn, isRunning } from '../support/processes.js';

// Pre-started CLIs (PREWARM_PROCESSES): the real CLI, in the sandbox, against the scripted model.

let model: FakeAnthropic;
let s: TestServer;
/** Now, in clock ticks since boot (/proc/uptime): the clock /proc/<pid>/stat start times use. */
function nowTicks(): number {
  return Math.floor(Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * 100);
}

/** When a process started, in clock ticks since boot. */
function startedAt(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
}

async function health() {
  return (await (await s.api('/api/v1/health')).json()) as { prestart: { target: number; ready: number; starting: number } };
}

async function create(body: Record<string, unknown> = {}) {
  const res = await s.api('/api/v1/sessions', { json: body });
  expect(res.status).toBe(201);
  return ((await res.json()) as { session: { id: string; workspace: string } }).session;
}

async function send(id: string, prompt: string) {
  const res = await s.api(`/api/v1/sessions/${id}/messages`, { json: { prompt } });
  expect(res.status).toBe(200);
  return (await res.json()) as { status: string; response: string; events: Array<{ type: string; pid?: number | null }> };
}

const pidOf = (turn: Awaited<ReturnType<typeof send>>) => turn.events.find((e) => e.type === 'process_started')!.pid!;

describe('pre-started CLIs', { timeout: 120_000 }, () => {
  let leftover: string;
  beforeAll(async () => {
    model = await startFakeAnthropic();
    s = await startTestServer((root) => {
      // What a server killed outright leaves: a waiting CLI's empty workspace, named in its state file.
      const stateDir = path.join(root, 'state');
      leftover = path.join(root, 'workspaces', 'leftoverprestart0001');
      mkdirSync(leftover, { recursive: true });
      mkdirSync(stateDir, { recursive: true });
      writeFileSync(path.join(stateDir, 'prestarted.json'), JSON.stringify(['leftoverprestart0001']));
      return {
        ...cliEnv({ baseUrl: model.url, home: root }),
        CLAUDE_BIN,
        SANDBOX: 'bwrap',
        STATE_DIR: stateDir,
        PREWARM_PROCESSES: '2',
        LOG_LEVEL: process.env.DEBUG_LOG ?? 'silent',
        KILL_GRACE_MS: '1500',
      };
    });
  });
  afterAll(async () => {
    const workspaces = path.join(s.root, 'workspaces');
    await s?.close();
    await model?.close();
    // Nothing pre-started outlives the server.
    expect(cliProcessesIn().filter((pid) => readlinkSafe(pid).startsWith(workspaces))).toEqual([]);
  });

  it('sweeps what a killed server left pre-started, then fills the pool', async () => {
    expect(existsSync(leftover)).toBe(false);
    expect((await health()).prestart.target).toBe(2);
    await waitFor(async () => (await health()).prestart.ready === 2, 30_000, 100);
    const ids = prestartedIds();
    expect(ids).toHaveLength(2);
    // Each waits as a CLI in its own workspace (once the sandbox's bridge has exec'd it).
    for (const id of ids) await waitFor(() => cliProcessesIn(path.join(s.root, 'workspaces', id)).length > 0, 20_000, 100);
  });

  it('a new session adopts a waiting CLI: its first turn runs on a process started before the session', async () => {
    await waitFor(async () => (await health()).prestart.ready === 2, 30_000, 100);
    const waiting = prestartedIds();
    const sess = await create();
    // Adopted: the session is a waiting CLI's id and workspace (a per-turn process may be gone by the time its reply is read).
    expect(waiting).toContain(sess.id);
    const first = await send(sess.id, 'hello there');
    expect(first.response).toBe('echo: hello there');
    // Per-turn mode: the adopted CLI leaves after its turn, the next one continues the conversation.
    const second = await send(sess.id, 'RECALL');
    expect(second.response).toBe('recall: hello there');
    expect(pidOf(second)).not.toBe(pidOf(first));
    await waitFor(() => !isRunning(pidOf(first)), 10_000);
    // The pool refills after an adoption.
    await waitFor(async () => (await health()).prestart.ready === 2, 30_000, 100);
  });

  it("starts the replacement once the adopter's first turn is answered, not beside it", async () => {
    await waitFor(async () => (await health()).prestart.ready === 2, 30_000, 100);
    const sess = await create();
    // Before: the replacement's start-up (a core for ~0.6 s) ran beside the adopted CLI's first turn.
    await new Promise((r) => setTimeout(r, 500));
    expect((await health()).prestart.ready).toBe(1);
    expect((await send(sess.id, 'hello')).response).toBe('echo: hello');
    await waitFor(async () => (await health()).prestart.ready === 2, 30_000, 100);
  });

  it('counts a CLI ready once it has answered initialize, and adopts a ready one before one still starting', async () => {
    await waitFor(async () => (await health()).prestart.ready === 2, 30_000, 100);
    const both = prestartedIds();
    const first = await create();
    const left = both.find((id) => id !== first.id);
    expect(both).toContain(first.id);
    expect((await send(first.id, 'hello')).response).toBe('echo: hello');
    // The replacement is launched after that answer; it starts up for 0.6-1 s while `left` is ready.
    let seen: { ready: number; starting: number } | null = null;
    await waitFor(async () => {
      const p = (await health()).prestart;
      expect(p.ready + p.starting).toBeLessThanOrEqual(2);
      if (p.starting === 1 && p.ready === 1) seen = p;
      return seen !== null;
    }, 10_000, 20);
    // The session made now gets the one that has started up, not the newer one.
    const second = await create();
    expect(second.id).toBe(left);
    expect((await send(second.id, 'again')).response).toBe('echo: again');
    await waitFor(async () => (await health()).prestart.ready === 2, 30_000, 100);
    expect((await health()).prestart.starting).toBe(0);
  });

  it('applies another model and permission mode through control messages', async () => {
    await waitFor(async () => (await health()).prestart.ready === 2, 30_000, 100);
    const createdAt = nowTicks();
    const sess = await create({ model: 'claude-3-5-haiku-20241022', permissionMode: 'acceptEdits', processMode: 'warm' });
    const before = model.requests.length;
    const first = await send(sess.id, 'WRITE notes.txt pre-started');
    expect(first.response).toBe('wrote notes.txt');
    expect(startedAt(pidOf(first))).toBeLessThan(createdAt);
    // acceptEdits let the Write run without asking; the model asked is the session's.
    expect(readFileSync(path.join(sess.workspace, 'notes.txt'), 'utf8')).toBe('pre-started');
    const asked = model.requests.slice(before).map((r) => (r.body as { model?: string }).model);
    expect(asked.length).toBeGreaterThan(0);
    expect(new Set(asked)).toEqual(new Set(['claude-3-5-haiku-20241022']));
    // Warm mode keeps the adopted process for the next turn.
    const second = await send(sess.id, 'RECALL');
    expect(pidOf(second)).toBe(pidOf(first));
  });

  it('a session whose options need other CLI flags starts its own CLI', async () => {
    await waitFor(async () => (await health()).prestart.ready === 2, 30_000, 100);
    const waiting = prestartedIds();
    const sess = await create({ allowedTools: ['Read'] });
    expect(waiting).not.toContain(sess.id);
    expect((await health()).prestart.ready).toBe(2);
    const first = await send(sess.id, 'hello cold');
    expect(first.response).toBe('echo: hello cold');
    // Neither waiting CLI was used: both still wait, in their own workspaces.
    expect(prestartedIds().sort()).toEqual(waiting.sort());
  });
});

/** The ids of the CLIs waiting in the pool, as the server records them. */
function prestartedIds(): string[] {
  return JSON.parse(readFileSync(path.join(s.root, 'state', 'prestarted.json'), 'utf8')) as string[];
}

function readlinkSafe(pid: number): string {
  try {
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return '';
  }
}
