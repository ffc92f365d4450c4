import { execFileSync, spawn } from 'node:child_process';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAUDE_BIN, cliEnv, REPO_ROOT } from '../support/cli-env.js';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.js';
import { cliProcessesIn } from '../support/processes.js';
import { waitFor } from '../support/harness.js';

// The Docker image runs the service as uid 1000, not root: bubblewrap must build its sandboxes
// from unprivileged user namespaces. Here the server runs as uid 1000 through setpriv.

const UID = 1000;
const canSwitch = process.getuid?.() === 0 && (() => {
  try {
    execFileSync('setpriv', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!canSwitch) console.warn('sandbox-nonroot: not root or no setpriv here: the non-root sandbox test is skipped');

let model: FakeAnthropic;
let root: string;
beforeAll(async () => {
  model = await startFakeAnthropic();
  root = await mkdtemp(path.join(os.tmpdir(), 'cca-nonroot-'));
  await chown(root, UID, UID);
});
afterAll(async () => {
  await model.close();
  await rm(root, { recursive: true, force: true });
});

describe.skipIf(!canSwitch)('the service as a non-root user (as in the image)', () => {
  it('runs a sandboxed real-CLI turn whose Bash sees only its own uid and workspace', async () => {
    const env = {
      ...cliEnv({ baseUrl: model.url, home: root }),
      PATH: '/usr/local/bin:/usr/bin:/bin',
      WORKSPACE_ROOT: path.join(root, 'ws'),
      CLAUDE_BIN,
      SANDBOX: 'bwrap',
      PORT: '0',
      LOG_LEVEL: 'info',
    };
    const child = spawn('setpriv', [`--reuid=${UID}`, `--regid=${UID}`, '--clear-groups', process.execPath, '--import', 'tsx', path.join(REPO_ROOT, 'src', 'main.ts')], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d));
    child.stderr!.on('data', (d: Buffer) => (out += d));
    try {
      const url = await waitFor(() => /"url":"(http:[^"]+)"/.exec(out)?.[1], 20_000);
      const health = await (await fetch(`${url}/health`)).json();
      expect(health.sandbox).toMatchObject({ mode: 'bwrap' });
      // The helper runs as the image's user too.
      expect(health.spawner).toBe('helper');
      const created = await fetch(`${url}/api/v1/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ allowedTools: ['Bash'], initialPrompt: 'BASH id -u; ls -a ..; ls /proc | grep -c "^[0-9]"' }),
      });
      const body = await created.json();
      expect(body.turn.status).toBe('completed');
      const lines = body.response.replace(/^bash: /, '').trim().split('\n');
      expect(lines[0]).toBe(String(UID));
      expect(lines).toContain(body.session.id);
      expect(Number(lines.at(-1))).toBeLessThan(10); // its own few processes, not the host's
      await waitFor(() => cliProcessesIn(body.session.workspace).length === 0, 5_000);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });
});
