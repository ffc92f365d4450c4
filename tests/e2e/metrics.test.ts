import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SseReader, startTestServer, waitFor, type TestServer } from '../support/harness.js';
import { sample } from '../support/prometheus.js';

// /metrics end to end against the fixture CLI: who may read it, and what a few turns leave in it.

const ALICE = 'alice-key-0123456789';
const ROOT = 'root-admin-key-0123456789';
const TOKEN = 'metrics-token-0123456789';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ API_KEYS: `alice:${ALICE}`, ADMIN_KEYS: `root:${ROOT}`, METRICS_TOKEN: TOKEN, RATE_LIMIT_TURNS_MAX: '3' });
});
afterAll(() => s.close());

const as = (key: string) => ({ 'x-api-key': key });
const scrape = async () => {
  const res = await s.api('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  return res.text();
};

describe('GET /metrics', () => {
  it('answers METRICS_TOKEN and admin keys only', async () => {
    expect((await s.api('/metrics')).status).toBe(401);
    expect((await s.api('/metrics', { headers: as(ALICE) })).status).toBe(401);
    expect((await s.api('/metrics', { headers: { authorization: 'Bearer not-the-token-at-all' } })).status).toBe(401);
    expect((await s.api('/api/v1/metrics', { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    expect((await s.api('/metrics', { headers: as(ROOT) })).status).toBe(200);
    const res = await s.api('/metrics', { headers: { authorization: `Bearer ${ROOT}` } });
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(await res.text()).toContain('# TYPE cca_turns_started_total counter');
  });

  it('counts turns, tokens, cost, rate-limit refusals and requests by route', async () => {
    const created = await s.api('/sessions', { json: { initialPrompt: 'hello' }, headers: as(ALICE) });
    expect(created.status).toBe(201);
    const id = (await created.json()).session.id as string;
    expect((await s.api(`/sessions/${id}/messages`, { json: { prompt: 'hello' }, headers: as(ALICE) })).status).toBe(200);
    expect((await (await s.api(`/sessions/${id}/messages`, { json: { prompt: 'ISERROR' }, headers: as(ALICE) })).json()).status).toBe('failed');
    // The fourth turn-starting request of the window: RATE_LIMIT_TURNS_MAX=3.
    expect((await s.api(`/sessions/${id}/messages`, { json: { prompt: 'hello' }, headers: as(ALICE) })).status).toBe(429);

    const text = await scrape();
    expect(sample(text, 'cca_turns_started_total', { model: 'sonnet' })).toBe(3);
    expect(sample(text, 'cca_turns_finished_total', { status: 'completed', reason: 'completed' })).toBe(2);
    expect(sample(text, 'cca_turns_finished_total', { status: 'failed', reason: 'failed' })).toBe(1);
    expect(sample(text, 'cca_tokens_total', { model: 'sonnet', kind: 'input' })).toBe(9);
    expect(sample(text, 'cca_tokens_total', { model: 'sonnet', kind: 'output' })).toBe(6);
    expect(sample(text, 'cca_cost_usd_total', { model: 'sonnet' })).toBeCloseTo(0.003, 6);
    expect(sample(text, 'cca_turn_duration_seconds_count', { status: 'completed' })).toBe(2);
    expect(sample(text, 'cca_turn_first_event_seconds_count')).toBe(3);
    expect(sample(text, 'cca_rate_limited_total', { route: '/sessions/:id/messages' })).toBe(1);
    expect(sample(text, 'cca_http_requests_total', { route: '/sessions', method: 'POST', status: '201' })).toBe(1);
    expect(sample(text, 'cca_http_requests_total', { route: '/sessions/:id/messages', method: 'POST', status: '429' })).toBe(1);
    expect(sample(text, 'cca_http_requests_total', { route: '/metrics', method: 'GET', status: '401' })).toBe(3);
    expect(sample(text, 'cca_http_request_duration_seconds_count', { route: '/sessions/:id/messages', method: 'POST' })).toBe(3);
    expect(sample(text, 'cca_sessions', { status: 'idle' })).toBe(1);
    expect(text).toContain('process_resident_memory_bytes');
  });

  it('shows a running turn, its CLI and its SSE client while they last, and the interrupt after', async () => {
    const id = (await (await s.api('/sessions', { json: {}, headers: as(ROOT) })).json()).session.id as string;
    const stream = new SseReader(await s.api(`/sessions/${id}/stream?prompt=${encodeURIComponent('SLOW 50 100')}`, { headers: as(ROOT) }));
    await stream.until((m) => m.event === 'assistant');
    const live = await scrape();
    expect(sample(live, 'cca_active_turns')).toBe(1);
    expect(sample(live, 'cca_cli_processes')).toBe(1);
    expect(sample(live, 'cca_sessions', { status: 'running' })).toBe(1);
    expect(sample(live, 'cca_stream_clients', { transport: 'sse' })).toBe(1);
    expect((await s.api(`/sessions/${id}/interrupt`, { method: 'POST', headers: as(ROOT) })).status).toBe(200);
    await stream.rest();
    // The reply does not wait for the CLI's exit: its process counts until it is gone.
    const after = await waitFor(async () => {
      const t = await scrape();
      return sample(t, 'cca_stream_clients', { transport: 'sse' }) === 0 && sample(t, 'cca_cli_processes') === 0 ? t : '';
    }, 10_000);
    expect(sample(after, 'cca_turns_finished_total', { status: 'interrupted', reason: 'interrupt' })).toBe(1);
    expect(sample(after, 'cca_active_turns')).toBe(0);
  });
});
