import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_CLI } from '../../tests/support/harness.js';
import { userMessageLine } from './args.js';
import type { CliLine } from './cli-events.js';
import { CliProcess } from './cli-process.js';
import { DirectSpawner } from './spawner.js';

const limits = { turnTimeoutMs: 30_000, idleTimeoutMs: 30_000, resultExitGraceMs: 2_000, killGraceMs: 1_000, stderrLimitBytes: 65_536, maxLineBytes: 1 << 20 };
const spawner = new DirectSpawner();
let cwd: string;

beforeAll(async () => {
  cwd = await mkdtemp(path.join(os.tmpdir(), 'cca-cli-process-'));
});
afterAll(async () => {
  await spawner.close();
  await rm(cwd, { recursive: true, force: true });
});

function cli(args: string[] = []): CliProcess {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: cwd };
  return new CliProcess({ bin: FIXTURE_CLI, args: ['--input-format', 'stream-json', ...args], cwd, env, limits, keepAlive: true, spawner });
}

describe('CliProcess.initialize', () => {
  it('resolves true at the answer, and the first user message is still the first prompt', async () => {
    const p = cli();
    await p.start();
    expect(await p.initialize()).toBe(true);
    const lines: CliLine[] = [];
    const outcome = await p.runTurn(userMessageLine('hello'), (l) => lines.push(l));
    expect(outcome.stopReason).toBeNull();
    const result = lines.find((l) => l.type === 'result');
    expect(result && 'result' in result ? result.result : null).toBe('fixture: hello');
    p.close();
    await p.exited;
  });

  it('resolves false when a turn begins first, or the process is gone', async () => {
    const p = cli();
    await p.start();
    const asked = p.initialize();
    const turn = p.runTurn(userMessageLine('hi'), () => {});
    expect(await asked).toBe(false);
    await turn;
    p.close();
    await p.exited;
    const gone = cli();
    await gone.start();
    gone.kill();
    await gone.exited;
    expect(await gone.initialize()).toBe(false);
  });
});
