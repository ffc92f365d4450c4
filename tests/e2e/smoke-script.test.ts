import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/cli-env.js';
import { FIXTURE_CLI } from '../support/harness.js';
import { spawnServer, type ServerProcess } from '../support/server-process.js';

// scripts/smoke.sh against the real entry point (its own process, an API key, the fixture CLI).

const KEY = 'smoke-test-key-0123456789';
let root: string;
let srv: ServerProcess;

function smoke(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', [path.join(REPO_ROOT, 'scripts', 'smoke.sh'), ...args], { timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'cca-smoke-'));
  srv = await spawnServer({ WORKSPACE_ROOT: root, HOME: root, CLAUDE_BIN: FIXTURE_CLI, API_KEYS: `smoke:${KEY}`, LOG_LEVEL: 'info' });
});
afterAll(async () => {
  srv.child.kill('SIGTERM');
  await srv.exited;
  await rm(root, { recursive: true, force: true });
});

describe('scripts/smoke.sh', () => {
  it('passes every step against a running server', async () => {
    const r = await smoke(srv.url, KEY);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const steps = r.stdout.match(/^ok +\d+ [a-z-]+/gm)!.map((l) => l.split(/\s+/)[2]);
    expect(steps).toEqual([
      'health', 'models', 'sessions-create', 'sessions-list', 'sessions-get', 'message-json', 'message-sse', 'stream-get',
      'interrupt', 'history', 'events', 'files-put', 'files-list', 'files-get', 'archive-get', 'files-delete', 'sessions-delete', 'sessions-gone',
    ]);
    expect(r.stdout).toContain(`smoke: all 18 steps passed against ${srv.url}/api/v1`);
  });

  it('fails naming the step when the key is wrong, and when the URL answers nothing', async () => {
    const wrong = await smoke(srv.url, 'not-the-key-0123456789');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^FAIL step 1 \(health\): GET \/health answered 401, expected 200$/m);
    expect(wrong.stderr).toContain('UNAUTHENTICATED');
    const missing = await smoke(srv.url);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^FAIL step 2 \(models\): GET \/models answered 401/m);
    const down = await smoke('http://127.0.0.1:1');
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/^FAIL step 1 \(health\): curl exit 7/m);
  });
});
