import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../../src/notify/webhooks.js';
import { startTestServer, waitFor, type TestServer } from '../support/harness.js';

const SECRET = 'webhook-secret-0123456789';
interface Delivery {
  headers: http.IncomingHttpHeaders;
  body: string;
}
let receiver: http.Server;
const deliveries: Delivery[] = [];
let failFirst = 0;
let s: TestServer;

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      if (failFirst > 0) {
        failFirst--;
        res.writeHead(503).end();
        return;
      }
      deliveries.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  s = await startTestServer({ WEBHOOK_URL: url, WEBHOOK_SECRET: SECRET, WEBHOOK_RETRIES: '2' });
});
afterAll(async () => {
  await s.close();
  await new Promise((r) => receiver.close(r));
});

describe('webhooks', () => {
  it('delivers permission_request and turn_finished, signed, retrying a failed delivery', async () => {
    failFirst = 1;
    const sess = (await (await s.api('/api/v1/sessions', { json: { permissionPolicy: 'ask' } })).json()).session;
    const turn = s.api(`/api/v1/sessions/${sess.id}/messages`, { json: { prompt: 'ASK' } });
    const request = (await waitFor(() => deliveries.find((d) => JSON.parse(d.body).type === 'permission_request'), 8000))!;
    const payload = JSON.parse(request.body);
    expect(payload).toMatchObject({ sessionId: sess.id, owner: 'local', event: { type: 'permission_request', toolName: 'Write' } });
    const ts = String(request.headers['x-webhook-timestamp']);
    expect(request.headers['x-webhook-signature']).toBe(`sha256=${signWebhook(SECRET, ts, request.body)}`);
    // Answered from the notification alone: no open connection needed.
    await s.api(`/api/v1/sessions/${sess.id}/permissions/${payload.event.requestId}`, { json: { decision: 'deny', message: 'no' } });
    expect((await (await turn).json()).response).toBe('denied: no');
    const finished = (await waitFor(() => deliveries.find((d) => JSON.parse(d.body).type === 'turn_finished'), 8000))!;
    expect(JSON.parse(finished.body).event).toMatchObject({ status: 'completed', turnId: payload.event.turnId });
    expect(failFirst).toBe(0); // the first attempt failed and was retried
  });
});
