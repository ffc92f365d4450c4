import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/harness.js';
import { ResponseValidator } from '../support/openapi-validator.js';

// Requests generated for the non-turn routes (ids, queries and bodies both valid and not),
// each answered without a 5xx, with a documented status, and with a body the document allows.

const KEY = 'sk-property-0000000001';
let s: TestServer;
let validator: ResponseValidator;
let sessionId: string;

beforeAll(async () => {
  s = await startTestServer({ API_KEYS: `tester:${KEY}`, RATE_LIMIT_ENABLED: 'false' });
  validator = new ResponseValidator(await (await fetch(`${s.url}/api/v1/openapi.json`)).json());
  const created = await s.api('/api/v1/sessions', { json: {}, headers: { 'x-api-key': KEY } });
  sessionId = (await created.json()).session.id;
  await s.api(`/api/v1/sessions/${sessionId}/files/content?path=notes/a.txt`, { method: 'PUT', body: 'hello', headers: { 'x-api-key': KEY } });
});
afterAll(async () => {
  await s?.close();
});

const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('', '..', '../x', '%2e%2e', '/etc/passwd', 'notes', 'notes/a.txt', 'a\u0000b', 'x'.repeat(300), '-1', '9007199254740993', '2026-02-31', 'true'),
);
const id = fc.oneof(fc.constant('SESSION'), fc.constantFrom('00000000000000000000', 'zzzzzzzzzzzzzzzzzzzz', 'UPPERCASE', '..', ''), fc.string({ maxLength: 24 }));
const query = fc.dictionary(fc.constantFrom('path', 'limit', 'cursor', 'after', 'order', 'recursive', 'from', 'to', 'keepWorkspace', 'depth', 'extra'), text, { maxKeys: 3 });
const body = fc.oneof(
  fc.constant(undefined),
  fc.jsonValue({ maxDepth: 2 }),
  fc.record({ name: fc.option(text), model: fc.option(fc.constantFrom('sonnet', 'opus', 'gpt-4', 'claude-3-opus-20240229', '')), permissionMode: fc.option(fc.constantFrom('default', 'plan', 'bypassPermissions', 'x')) }, { requiredKeys: [] }),
  fc.record({ decision: fc.constantFrom('allow', 'deny', 'maybe'), mode: fc.constantFrom('default', 'plan', 'nope') }, { requiredKeys: [] }),
);

// [method, path template]: every non-turn operation (turns spawn CLIs; they have their own suites).
const OPERATIONS: Array<[string, string]> = [
  ['GET', '/health'],
  ['GET', '/models'],
  ['GET', '/sessions'],
  ['POST', '/sessions'],
  ['GET', '/sessions/{id}'],
  ['GET', '/sessions/{id}/messages'],
  ['GET', '/sessions/{id}/events'],
  ['GET', '/sessions/{id}/permissions'],
  ['POST', '/sessions/{id}/permissions/{requestId}'],
  ['POST', '/sessions/{id}/permission-mode'],
  ['POST', '/sessions/{id}/ws-ticket'],
  ['GET', '/sessions/{id}/files'],
  ['POST', '/sessions/{id}/files'],
  ['DELETE', '/sessions/{id}/files'],
  ['GET', '/sessions/{id}/files/content'],
  ['GET', '/sessions/{id}/usage'],
  ['GET', '/usage'],
  ['POST', '/sessions/{id}/interrupt'],
];

describe('the OpenAPI document against generated requests', () => {
  it('answers every generated request without a 5xx, with a documented status and a valid body', async () => {
    let requests = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...OPERATIONS), id, text, query, body, async ([method, template], rawId, requestId, q, b) => {
        const sid = rawId === 'SESSION' ? sessionId : encodeURIComponent(rawId);
        const p = template.replace('{id}', sid).replace('{requestId}', encodeURIComponent(requestId || 'r'));
        const qs = new URLSearchParams(Object.entries(q)).toString();
        const url = `${s.url}/api/v1${p}${qs ? `?${qs}` : ''}`;
        const init: RequestInit = { method, headers: { 'x-api-key': KEY, 'content-type': 'application/json' } };
        if (method !== 'GET' && b !== undefined) init.body = JSON.stringify(b);
        const res = await fetch(url, init);
        requests++;
        expect(res.status, `${method} ${p}?${qs}`).toBeLessThan(500);
        const type = res.headers.get('content-type') ?? '';
        if (!type.startsWith('application/json')) return;
        const problems = validator.check(method, p.split('?')[0]!, res.status, await res.json());
        expect(problems, `${method} ${p}?${qs} → ${res.status}`).toEqual([]);
      }),
      { numRuns: 400, seed: 20261202 },
    );
    expect(requests).toBe(400);
    // The service is still whole.
    expect((await s.api('/health')).status).toBe(200);
  }, 120_000);
});
