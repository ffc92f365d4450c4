import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/cli-env.js';
import { FIXTURE_CLI } from '../support/harness.js';

// The README's embedding examples run as written: a host route beside the API, and a clean exit.

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'cca-examples-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function runExample(file: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'examples', file)], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: root, PORT: '0', WORKSPACE_ROOT: path.join(root, file), CLAUDE_BIN: FIXTURE_CLI },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = once(child, 'exit');
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${file} did not start:\n${out}`)), 20_000);
    child.stdout.on('data', () => {
      const m = /listening on (http:\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
  return { child, url, exited, output: () => out };
}

describe.each(['embed-hono.ts', 'embed-node-http.ts'])('examples/%s', (file) => {
  it('serves its own route and the API under /api/v1, and exits 0 on SIGTERM', async () => {
    const ex = await runExample(file);
    try {
      expect(await (await fetch(`${ex.url}/hello`)).text()).toMatch(/^hello from/);
      expect((await (await fetch(`${ex.url}/api/v1/health`)).json()).status).toBe('ok');
      const post = (p: string, json: unknown) => fetch(`${ex.url}/api/v1${p}`, { method: 'POST', body: JSON.stringify(json) });
      const id = (await (await post('/sessions', {})).json()).session.id;
      expect((await (await post(`/sessions/${id}/messages`, { prompt: 'hello' })).json()).response).toBe('fixture: hello');
    } finally {
      ex.child.kill('SIGTERM');
    }
    expect((await ex.exited)[0]).toBe(0);
  });
});
