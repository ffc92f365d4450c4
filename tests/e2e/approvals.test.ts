import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAUDE_BIN, cliEnv } from '../support/cli-env.js';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.js';
import { SseReader, startTestServer, waitFor, type TestServer } from '../support/harness.js';

// Tool approvals over the API, against the REAL CLI (--permission-prompt-tool stdio).

let model: FakeAnthropic;
let s: TestServer;
beforeAll(async () => {
  model = await startFakeAnthropic();
  s = await startTestServer((root) => ({ ...cliEnv({ baseUrl: model.url, home: root }), CLAUDE_BIN, KILL_GRACE_MS: '1500', PERMISSION_TIMEOUT_MS: '2000', SANDBOX: 'bwrap' }));
});
afterAll(async () => {
  await s?.close();
  await model?.close();
});

async function session(body: Record<string, unknown>) {
  return (await (await s.api('/api/v1/sessions', { json: body })).json()).session as { id: string; workspace: string };
}

/** Starts a streamed turn and returns the reader once the permission request arrived. */
async function askedTurn(id: string, prompt: string) {
  const sse = new SseReader(await s.api(`/api/v1/sessions/${id}/messages`, { json: { prompt, stream: true } }));
  const request = await sse.until((m) => m.event === 'permission_request' || m.event === 'turn_finished');
  expect(request?.event).toBe('permission_request');
  return { sse, request: request!.data };
}

const answer = (id: string, requestId: string, body: unknown) => s.api(`/api/v1/sessions/${id}/permissions/${requestId}`, { json: body });

describe('approvals with the real CLI', () => {
  it('asks, shows the session waiting, and an allow lets the tool write the file', async () => {
    const sess = await session({ permissionPolicy: 'ask' });
    const { sse, request } = await askedTurn(sess.id, 'WRITE approved.txt yes please');
    expect(request).toMatchObject({ toolName: 'Write', input: { file_path: path.join(sess.workspace, 'approved.txt') } });
    expect(new Date(request.expiresAt).getTime()).toBeGreaterThan(Date.now());
    expect((await (await s.api(`/api/v1/sessions/${sess.id}`)).json()).session.status).toBe('waiting_permission');
    const pending = (await (await s.api(`/api/v1/sessions/${sess.id}/permissions`)).json()).permissions;
    expect(pending.map((p: { requestId: string }) => p.requestId)).toEqual([request.requestId]);
    const res = await answer(sess.id, request.requestId, { decision: 'allow' });
    expect(res.status).toBe(200);
    const events = await sse.rest();
    expect(events.find((e) => e.event === 'permission_resolved')?.data).toMatchObject({ decision: 'allow', by: 'client' });
    expect(events.find((e) => e.event === 'turn_finished')?.data.text).toBe('wrote approved.txt');
    expect(await readFile(path.join(sess.workspace, 'approved.txt'), 'utf8')).toBe('yes please');
    // Answered ids are gone.
    expect((await answer(sess.id, request.requestId, { decision: 'allow' })).status).toBe(404);
    const replay = new SseReader(await s.api(`/api/v1/sessions/${sess.id}/events?after=0`));
    await replay.until((m) => m.event === 'turn_finished');
    await replay.cancel();
    expect(replay.seen.map((m) => m.event)).toEqual(expect.arrayContaining(['permission_request', 'permission_resolved']));
  });

  it('a deny keeps the file unwritten and the turn goes on with the message', async () => {
    const sess = await session({ permissionPolicy: 'ask' });
    const { sse, request } = await askedTurn(sess.id, 'WRITE denied.txt no');
    await answer(sess.id, request.requestId, { decision: 'deny', message: 'not today' });
    const events = await sse.rest();
    expect(events.find((e) => e.event === 'turn_finished')?.data).toMatchObject({ status: 'completed', text: 'tool error: not today' });
    expect(existsSync(path.join(sess.workspace, 'denied.txt'))).toBe(false);
  });

  it('denies an unanswered request after PERMISSION_TIMEOUT_MS', async () => {
    const sess = await session({ permissionPolicy: 'ask' });
    const { sse } = await askedTurn(sess.id, 'WRITE late.txt zzz');
    const events = await sse.rest();
    expect(events.find((e) => e.event === 'permission_resolved')?.data).toMatchObject({ decision: 'deny', by: 'timeout' });
    expect(events.find((e) => e.event === 'turn_finished')?.data.text).toMatch(/^tool error: No answer from the API client within 2 s/);
    expect(existsSync(path.join(sess.workspace, 'late.txt'))).toBe(false);
  });

  it('remember: "session" allows the tool for later requests without asking', async () => {
    const sess = await session({ permissionPolicy: 'ask' });
    const { sse, request } = await askedTurn(sess.id, 'WRITE one.txt 1');
    await answer(sess.id, request.requestId, { decision: 'allow', remember: 'session' });
    await sse.rest();
    const second = await (await s.api(`/api/v1/sessions/${sess.id}/messages`, { json: { prompt: 'WRITE two.txt 2' } })).json();
    expect(second.response).toBe('wrote two.txt');
    expect(second.events.find((e: { type: string }) => e.type === 'permission_resolved')).toMatchObject({ decision: 'allow', by: 'policy' });
    expect(second.events.some((e: { type: string }) => e.type === 'permission_request')).toBe(false);
  });

  it('an allow-list policy answers by itself: listed tools run, others are denied', async () => {
    const sess = await session({ permissionPolicy: ['Write'] });
    const ok = await (await s.api(`/api/v1/sessions/${sess.id}/messages`, { json: { prompt: 'WRITE listed.txt ok' } })).json();
    expect(ok.response).toBe('wrote listed.txt');
    const no = await (await s.api(`/api/v1/sessions/${sess.id}/messages`, { json: { prompt: 'BASH touch unlisted.txt' } })).json();
    expect(no.response).toMatch(/^tool error: Bash is not allowed in this session/);
    expect(existsSync(path.join(sess.workspace, 'unlisted.txt'))).toBe(false);
  });

  it('switches the permission mode of later turns (and tells the running CLI)', async () => {
    const sess = await session({});
    const denied = await (await s.api(`/api/v1/sessions/${sess.id}/messages`, { json: { prompt: 'WRITE mode.txt a' } })).json();
    expect(denied.response).toMatch(/^tool error/);
    const res = await s.api(`/api/v1/sessions/${sess.id}/permission-mode`, { json: { mode: 'acceptEdits' } });
    expect(await res.json()).toMatchObject({ permissionMode: 'acceptEdits', appliedToRunningTurn: false });
    const allowed = await (await s.api(`/api/v1/sessions/${sess.id}/messages`, { json: { prompt: 'WRITE mode.txt b' } })).json();
    expect(allowed.response).toBe('wrote mode.txt');
    const ask = await session({ permissionPolicy: 'ask' });
    const { sse, request } = await askedTurn(ask.id, 'WRITE live.txt c');
    const live = await (await s.api(`/api/v1/sessions/${ask.id}/permission-mode`, { json: { mode: 'acceptEdits' } })).json();
    expect(live.appliedToRunningTurn).toBe(true);
    await answer(ask.id, request.requestId, { decision: 'allow' });
    const events = await sse.rest();
    expect(events.map((e) => e.event)).toContain('permission_mode_changed');
    expect((await s.api(`/api/v1/sessions/${ask.id}/permission-mode`, { json: { mode: 'bypassPermissions' } })).status).toBe(400);
  });

  it('validates answers', async () => {
    const sess = await session({ permissionPolicy: 'ask' });
    for (const body of [{}, { decision: 'maybe' }, { decision: 'allow', remember: 'forever' }, { decision: 'allow', extra: 1 }]) {
      expect((await answer(sess.id, 'whatever', body)).status).toBe(400);
    }
    expect((await (await answer(sess.id, 'whatever', { decision: 'allow' })).json()).error.code).toBe('PERMISSION_NOT_FOUND');
  });
});

describe('approvals with the fixture CLI', () => {
  it('answers 409 PERMISSION_WITHDRAWN once the CLI withdrew the request', async () => {
    const t = await startTestServer({});
    try {
      const sess = (await (await t.api('/api/v1/sessions', { json: { permissionPolicy: 'ask' } })).json()).session;
      const sse = new SseReader(await t.api(`/api/v1/sessions/${sess.id}/messages`, { json: { prompt: 'WITHDRAW 100', stream: true } }));
      const req = (await sse.until((m) => m.event === 'permission_request'))!.data;
      await sse.until((m) => m.event === 'permission_resolved');
      const res = await t.api(`/api/v1/sessions/${sess.id}/permissions/${req.requestId}`, { json: { decision: 'allow' } });
      expect(res.status).toBe(409);
      expect((await res.json()).error.code).toBe('PERMISSION_WITHDRAWN');
      await sse.rest();
      const allowed = t.api(`/api/v1/sessions/${sess.id}/messages`, { json: { prompt: 'ASK', stream: false } });
      const pending = await waitFor(async () => {
        const p = (await (await t.api(`/api/v1/sessions/${sess.id}/permissions`)).json()).permissions;
        return p.length ? p : null;
      });
      await t.api(`/api/v1/sessions/${sess.id}/permissions/${pending[0].requestId}`, { json: { decision: 'allow', updatedInput: { file_path: 'y.txt' } } });
      expect((await (await allowed).json()).response).toBe('allowed {"file_path":"y.txt"}');
    } finally {
      await t.close();
    }
  });
});
