import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAUDE_BIN, cliEnv } from '../support/cli-env.js';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.js';
import { spawnServer, type ServerProcess } from '../support/server-process.js';

// Usage accounting and spend caps against the real CLI; costs come from the scripted model's usage.

const ALICE = 'sk-alice-usage-00001';
const BOB = 'sk-bob-usage-0000001';
const ADMIN = 'sk-admin-usage-00001';
let model: FakeAnthropic;
let root: string;
beforeAll(async () => {
  model = await startFakeAnthropic();
  root = await mkdtemp(path.join(os.tmpdir(), 'cca-usage-'));
});
afterAll(async () => {
  await model.close();
  await rm(root, { recursive: true, force: true });
});

const start = (extra: Record<string, string> = {}) =>
  spawnServer({
    ...cliEnv({ baseUrl: model.url, home: root }),
    CLAUDE_BIN,
    WORKSPACE_ROOT: path.join(root, 'ws'),
    API_KEYS: `alice:${ALICE},bob:${BOB}`,
    ADMIN_KEYS: `ops:${ADMIN}`,
    KEY_BUDGET_USD: '0.03',
    KEY_BUDGET_PERIOD: 'day',
    ...extra,
  });
const call = async (srv: ServerProcess, key: string, method: string, p: string, json?: unknown) => {
  const res = await fetch(srv.url + p, { method, headers: { 'x-api-key': key, 'content-type': 'application/json' }, body: json ? JSON.stringify(json) : undefined });
  return { status: res.status, body: await res.json() };
};

describe('usage and spend caps', () => {
  it('sums the reported costs per turn, session and key, and enforces both caps before and during turns, across a restart', async () => {
    let srv = await start();
    try {
      // Accounting: alice runs two turns, bob one.
      const a = (await call(srv, ALICE, 'POST', '/api/v1/sessions', {})).body.session;
      const t1 = (await call(srv, ALICE, 'POST', `/api/v1/sessions/${a.id}/messages`, { prompt: 'COST' })).body;
      const t2 = (await call(srv, ALICE, 'POST', `/api/v1/sessions/${a.id}/messages`, { prompt: 'hello' })).body;
      const b = (await call(srv, BOB, 'POST', '/api/v1/sessions', { initialPrompt: 'hi' })).body;
      const reported = t1.result.costUsd + t2.result.costUsd;
      expect(t1.result.costUsd).toBeGreaterThan(0.005);
      const sessUsage = (await call(srv, ALICE, 'GET', `/api/v1/sessions/${a.id}/usage`)).body;
      expect(sessUsage.totals.costUsd).toBeCloseTo(reported, 10);
      expect(sessUsage.turns.map((t: { costUsd: number }) => t.costUsd)).toEqual([t1.result.costUsd, t2.result.costUsd]);
      expect(sessUsage.totals.outputTokens).toBe(t1.result.usage.outputTokens + t2.result.usage.outputTokens);
      const mine = (await call(srv, ALICE, 'GET', '/api/v1/usage')).body;
      expect(Object.keys(mine.keys)).toEqual(['alice']);
      expect(mine.keys.alice.totals).toMatchObject({ turns: 2 });
      expect(mine.keys.alice.totals.costUsd).toBeCloseTo(reported, 10);
      expect(mine.budgets.alice).toMatchObject({ limitUsd: 0.03, period: 'day' });
      const all = (await call(srv, ADMIN, 'GET', '/api/v1/usage')).body;
      expect(Object.keys(all.keys).sort()).toEqual(['alice', 'bob']);
      expect(all.keys.bob.totals.costUsd).toBeCloseTo(b.turn.result.costUsd, 10);
      const today = new Date().toISOString().slice(0, 10);
      expect(Object.keys(all.keys.alice.days)).toEqual([today]);
      expect((await call(srv, ALICE, 'GET', `/api/v1/sessions/${b.session.id}/usage`)).status).toBe(404);

      // Session cap during a turn: the CLI stops before the tool runs.
      const capped = (await call(srv, BOB, 'POST', '/api/v1/sessions', { maxBudgetUsd: 0.00001, permissionMode: 'acceptEdits', allowedTools: ['Write'] })).body.session;
      const stopped = (await call(srv, BOB, 'POST', `/api/v1/sessions/${capped.id}/messages`, { prompt: 'WRITE capped.txt nope' })).body;
      expect(stopped.status).toBe('failed');
      expect(stopped.error.code).toBe('BUDGET_EXCEEDED');
      expect(stopped.events.find((e: { type: string }) => e.type === 'budget_exceeded')).toMatchObject({ scope: 'session', budgetUsd: 0.00001 });
      expect(existsSync(path.join(capped.workspace, 'capped.txt'))).toBe(false);
      // ...and before the next one.
      const refused = await call(srv, BOB, 'POST', `/api/v1/sessions/${capped.id}/messages`, { prompt: 'hello' });
      expect(refused.status).toBe(402);
      expect(refused.body.error).toMatchObject({ code: 'BUDGET_EXCEEDED', details: { scope: 'session', budgetUsd: 0.00001 } });

      // Key cap: alice spends past 0.03 a day, then every new turn of hers is refused, bob's are not.
      await call(srv, ALICE, 'POST', `/api/v1/sessions/${a.id}/messages`, { prompt: 'COST' });
      const over = await call(srv, ALICE, 'POST', `/api/v1/sessions/${a.id}/messages`, { prompt: 'COST' });
      const overAgain = over.status === 402 ? over : await call(srv, ALICE, 'POST', `/api/v1/sessions/${a.id}/messages`, { prompt: 'COST' });
      expect(overAgain.status).toBe(402);
      expect(overAgain.body.error.details).toMatchObject({ scope: 'key', budgetUsd: 0.03, period: 'day' });
      expect((await call(srv, BOB, 'POST', `/api/v1/sessions/${b.session.id}/messages`, { prompt: 'hello' })).status).toBe(200);
    } finally {
      srv.child.kill('SIGTERM');
      await srv.exited;
    }

    // Caps live in the persistent store: still refused after a restart.
    srv = await start();
    try {
      const a = (await call(srv, ALICE, 'POST', '/api/v1/sessions', {})).body.session;
      const still = await call(srv, ALICE, 'POST', `/api/v1/sessions/${a.id}/messages`, { prompt: 'hello' });
      expect(still.status).toBe(402);
      expect(still.body.error.details.scope).toBe('key');
    } finally {
      srv.child.kill('SIGTERM');
      await srv.exited;
    }
  });
});
