import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/harness.js';

// PATCH /sessions/:id renames a session: validated like a create's name, per tenant, kept in the store.

const ALICE = { 'x-api-key': 'alice-key-0123456789' };
const BOB = { 'x-api-key': 'bob-key-0123456789ab' };

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ API_KEYS: 'alice:alice-key-0123456789,bob:bob-key-0123456789ab' });
});
afterAll(async () => {
  await s?.close();
});

const rename = (id: string, body: unknown, headers = ALICE) => s.api(`/api/v1/sessions/${id}`, { method: 'PATCH', json: body, headers });

describe('renaming a session', () => {
  it('renames, clears the name with null, and the new name is what GET and the list show', async () => {
    const { session } = await (await s.api('/api/v1/sessions', { json: { name: 'first' }, headers: ALICE })).json();
    const res = await rename(session.id, { name: '  second name ' });
    expect(res.status).toBe(200);
    expect((await res.json()).session).toMatchObject({ id: session.id, name: 'second name' });
    expect((await (await s.api(`/api/v1/sessions/${session.id}`, { headers: ALICE })).json()).session.name).toBe('second name');
    const list = (await (await s.api('/api/v1/sessions', { headers: ALICE })).json()).sessions;
    expect(list.find((x: { id: string }) => x.id === session.id).name).toBe('second name');
    expect((await (await rename(session.id, { name: null })).json()).session.name).toBeNull();
    // Also at the root, for the Python design's clients.
    const root = await fetch(`${s.url}/sessions/${session.id}`, { method: 'PATCH', body: JSON.stringify({ name: 'root' }), headers: ALICE });
    expect(root.status).toBe(200);
  });

  it('refuses a bad name or an unknown field with 400 and changes nothing', async () => {
    const { session } = await (await s.api('/api/v1/sessions', { json: { name: 'keep' }, headers: ALICE })).json();
    for (const body of [{ name: '' }, { name: 'x'.repeat(201) }, { name: 'a\u0007b' }, { name: 'ok', model: 'opus' }, {}, { name: 5 }]) {
      const res = await rename(session.id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await res.json()).error.code).toBe('VALIDATION_FAILED');
    }
    const bad = await s.api(`/api/v1/sessions/${session.id}`, { method: 'PATCH', body: '{nope', headers: { ...ALICE, 'content-type': 'application/json' } });
    expect((await bad.json()).error.code).toBe('INVALID_JSON');
    expect((await (await s.api(`/api/v1/sessions/${session.id}`, { headers: ALICE })).json()).session.name).toBe('keep');
  });

  it("another key's session answers 404 as if it did not exist", async () => {
    const { session } = await (await s.api('/api/v1/sessions', { json: { name: 'mine' }, headers: ALICE })).json();
    const res = await rename(session.id, { name: 'theirs' }, BOB);
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('SESSION_NOT_FOUND');
    expect((await rename('no-such-session-id00', { name: 'x' })).status).toBe(404);
    expect((await (await s.api(`/api/v1/sessions/${session.id}`, { headers: ALICE })).json()).session.name).toBe('mine');
  });
});
