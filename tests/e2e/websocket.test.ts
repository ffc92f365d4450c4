import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAUDE_BIN, cliEnv } from '../support/cli-env.js';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.js';
import { readSse, startTestServer, type TestServer } from '../support/harness.js';
import { connectWs } from '../support/ws-client.js';

const ALICE = 'sk-alice-ws-000000001';
const BOB = 'sk-bob-ws-0000000001';
let model: FakeAnthropic;
let s: TestServer;
const wsUrl = (p: string) => s.url.replace('http', 'ws') + p;
const as = (key: string) => ({ 'x-api-key': key });

beforeAll(async () => {
  model = await startFakeAnthropic();
  s = await startTestServer((root) => ({
    ...cliEnv({ baseUrl: model.url, home: root }),
    CLAUDE_BIN,
    API_KEYS: `alice:${ALICE},bob:${BOB}`,
    KILL_GRACE_MS: '1500',
  }));
});
afterAll(async () => {
  await s?.close();
  await model?.close();
});

async function session(key = ALICE, body: Record<string, unknown> = {}) {
  return (await (await s.api('/api/v1/sessions', { json: body, headers: as(key) })).json()).session as { id: string; workspace: string };
}

describe('WebSocket channel (real CLI)', () => {
  it('runs a turn with an approval over the socket, with the same event ids as SSE', async () => {
    const sess = await session();
    const c = await connectWs(wsUrl(`/api/v1/sessions/${sess.id}/ws`), { headers: as(ALICE) });
    c.send({ type: 'message', prompt: 'WRITE ws.txt over the socket', permissionPolicy: 'ask' });
    const ack = await c.next((f) => f.type === 'ack' && f.for === 'message');
    const req = await c.next((f) => f.type === 'permission_request');
    expect(req).toMatchObject({ turnId: ack.turnId, toolName: 'Write' });
    c.send({ type: 'permission', requestId: req.requestId, decision: 'allow' });
    await c.next((f) => f.type === 'ack' && f.for === 'permission');
    const done = await c.next((f) => f.type === 'turn_finished');
    expect(done).toMatchObject({ status: 'completed', text: 'wrote ws.txt' });
    expect(existsSync(path.join(sess.workspace, 'ws.txt'))).toBe(true);
    const wsIds = c.frames.filter((f) => typeof f.id === 'number').map((f) => f.id);
    const sse = await readSse(await s.api(`/api/v1/sessions/${sess.id}/events?after=0`, { headers: as(ALICE) }), (m) => m.event === 'turn_finished');
    expect(sse.map((m) => Number(m.id))).toEqual(wsIds);
    c.ws.close();
  });

  it('interrupts a running turn from the socket', async () => {
    const sess = await session();
    const c = await connectWs(wsUrl(`/api/v1/sessions/${sess.id}/ws`), { headers: as(ALICE) });
    c.send({ type: 'message', prompt: 'SLOW 100 100', partial: true });
    await c.next((f) => f.type === 'stream_event' && f.message.event.type === 'content_block_delta');
    c.send({ type: 'interrupt' });
    expect(await c.next((f) => f.type === 'turn_finished')).toMatchObject({ status: 'interrupted' });
    c.send({ type: 'interrupt' });
    expect(await c.next((f) => f.type === 'error')).toMatchObject({ error: { code: 'NO_ACTIVE_TURN' } });
    c.ws.close();
  });
});

describe('WebSocket frames and authentication', () => {
  it('answers malformed frames with an error frame and stays open', async () => {
    const sess = await session();
    const c = await connectWs(wsUrl(`/api/v1/sessions/${sess.id}/ws`), { headers: as(ALICE) });
    for (const [frame, code] of [
      ['not json', 'INVALID_JSON'],
      [{ type: 'nope' }, 'VALIDATION_FAILED'],
      [{ type: 'message' }, 'VALIDATION_FAILED'],
      [{ type: 'message', prompt: 'x', extra: true }, 'VALIDATION_FAILED'],
      [{ type: 'permission', requestId: 'r1', decision: 'allow' }, 'PERMISSION_NOT_FOUND'],
    ] as const) {
      const before = c.frames.length;
      c.send(frame);
      const reply = await c.next((f) => f.type === 'error' && c.frames.indexOf(f) >= before);
      expect(reply.error.code).toBe(code);
    }
    c.send({ type: 'ping' });
    expect(await c.next((f) => f.type === 'pong')).toEqual({ type: 'pong' });
    c.ws.close();
  });

  it('refuses upgrades without a valid key, and another tenant’s session as not found', async () => {
    const sess = await session();
    const url = wsUrl(`/api/v1/sessions/${sess.id}/ws`);
    await expect(connectWs(url)).rejects.toMatchObject({ status: 401 });
    await expect(connectWs(url, { headers: as('sk-wrong-0000000000') })).rejects.toMatchObject({ status: 401 });
    await expect(connectWs(url, { headers: as(BOB) })).rejects.toMatchObject({ status: 404 });
    await expect(connectWs(url, { protocols: ['claude-code-api', 'bearer.sk-wrong-0000000000'] })).rejects.toMatchObject({ status: 401 });
  });

  it('lets a browser authenticate with a subprotocol or a single-use ticket', async () => {
    const sess = await session();
    const url = wsUrl(`/api/v1/sessions/${sess.id}/ws`);
    const viaProtocol = await connectWs(url, { protocols: ['claude-code-api', `bearer.${ALICE}`] });
    expect(viaProtocol.ws.protocol).toBe('claude-code-api');
    viaProtocol.ws.close();
    const issued = await s.api(`/api/v1/sessions/${sess.id}/ws-ticket`, { method: 'POST', headers: as(ALICE) });
    expect(issued.status).toBe(201);
    const { ticket } = await issued.json();
    const viaTicket = await connectWs(`${url}?ticket=${ticket}`);
    viaTicket.send({ type: 'ping' });
    await viaTicket.next((f) => f.type === 'pong');
    viaTicket.ws.close();
    await expect(connectWs(`${url}?ticket=${ticket}`)).rejects.toMatchObject({ status: 401 });
    const other = await session();
    const { ticket: t2 } = await (await s.api(`/api/v1/sessions/${other.id}/ws-ticket`, { method: 'POST', headers: as(ALICE) })).json();
    await expect(connectWs(`${url}?ticket=${t2}`)).rejects.toMatchObject({ status: 401 });
    expect((await s.api(`/api/v1/sessions/${sess.id}/ws-ticket`, { method: 'POST', headers: as(BOB) })).status).toBe(404);
  });

  it('replays from lastEventId on connect', async () => {
    const sess = await session();
    await s.api(`/api/v1/sessions/${sess.id}/messages`, { json: { prompt: 'hello' }, headers: as(ALICE) });
    const c = await connectWs(wsUrl(`/api/v1/sessions/${sess.id}/ws?lastEventId=0`), { headers: as(ALICE) });
    const done = await c.next((f) => f.type === 'turn_finished');
    expect(done.text).toBe('echo: hello');
    expect(c.frames[0].id).toBe(1);
    c.ws.close();
  });
});
