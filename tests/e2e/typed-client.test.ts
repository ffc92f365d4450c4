import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, streamEvents, streamTurn, type ApiClient, type SessionEvent } from '../../client/index.js';
import { ErrorBody } from '../../src/http/openapi/error-schema.js';
import { SessionEvent as SessionEventSchema } from '../../src/http/openapi/event-schemas.js';
import { FileList, PutReply } from '../../src/http/openapi/file-view-schemas.js';
import { ConversationPage, CreateSessionReply, SessionList, SessionReply, TurnReply } from '../../src/http/openapi/view-schemas.js';
import { startTestServer, type TestServer } from '../support/harness.js';

// The typed client (client/) against a running server and the fixture CLI. Every body is also
// parsed with the document's strict response schema, so the document cannot drift from the views.

const KEY = 'alice-key-0123456789';
let s: TestServer;
let client: ApiClient;
beforeAll(async () => {
  s = await startTestServer({ API_KEYS: `alice:${KEY}` });
  client = createClient({ baseUrl: `${s.url}/api/v1`, apiKey: KEY });
});
afterAll(() => s.close());

describe('typed client', () => {
  let id: string;

  it('creates a session with a first turn, gets and lists it', async () => {
    const { data, error, response } = await client.POST('/sessions', { body: { name: 'typed', initial_prompt: 'hello' } });
    expect(error).toBeUndefined();
    expect(response.status).toBe(201);
    CreateSessionReply.parse(data);
    expect(data!.response).toBe('fixture: hello');
    id = data!.session.id;
    const got = await client.GET('/sessions/{id}', { params: { path: { id } } });
    expect(SessionReply.parse(got.data).session.turnCount).toBe(1);
    const list = await client.GET('/sessions', { params: { query: { limit: 10 } } });
    expect(SessionList.parse(list.data).sessions.map((x) => x.id)).toContain(id);
  });

  it('sends a message and reads the whole turn', async () => {
    const { data } = await client.POST('/sessions/{id}/messages', { params: { path: { id } }, body: { prompt: 'hello' } });
    expect(TurnReply.parse(data)).toMatchObject({ status: 'completed', response: 'fixture: hello' });
    expect(data!.result?.usage.outputTokens).toBeGreaterThan(0);
  });

  it('streams a turn as typed events ending with turn_finished, with token deltas', async () => {
    const events: SessionEvent[] = [];
    let done: unknown;
    for await (const e of streamTurn(client, id, { prompt: 'hello', partial: true }, { onDone: (d) => (done = d) })) {
      SessionEventSchema.parse(e);
      events.push(e);
    }
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('turn_started');
    expect(types).toContain('assistant');
    const last = events.at(-1)!;
    expect(last.type === 'turn_finished' && last.text).toBe('fixture: hello');
    expect(done).toEqual({ reason: 'finished', lastEventId: last.id });
  });

  it('streams with GET …/stream too, and replays the session from …/events', async () => {
    const { response } = await client.GET('/sessions/{id}/stream', { params: { path: { id }, query: { prompt: 'hello' } }, parseAs: 'stream' });
    const turn: SessionEvent[] = [];
    for await (const e of streamEvents(response)) turn.push(e);
    expect(turn.at(-1)?.type).toBe('turn_finished');
    const history = await client.GET('/sessions/{id}/messages', { params: { path: { id }, query: { order: 'desc', limit: 2 } } });
    expect(ConversationPage.parse(history.data).turns[0]!.number).toBe(4);
    // The events route follows live turns after the replay: read the replay, then stop.
    const replay = await client.GET('/sessions/{id}/events', { params: { path: { id }, query: { after: 0 } }, parseAs: 'stream' });
    let seen = 0;
    for await (const e of streamEvents(replay.response)) {
      SessionEventSchema.parse(e);
      if (++seen && e.id === turn.at(-1)!.id) break;
    }
    expect(seen).toBeGreaterThan(8);
  });

  it('uploads, lists and downloads workspace files', async () => {
    const put = await client.PUT('/sessions/{id}/files/content', {
      params: { path: { id }, query: { path: 'notes/a b.txt' } },
      body: 'hello files',
      bodySerializer: (b) => b,
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(put.response.status).toBe(201);
    expect(PutReply.parse(put.data).entry).toMatchObject({ path: 'notes/a b.txt', type: 'file', size: 11 });
    const files = await client.GET('/sessions/{id}/files', { params: { path: { id }, query: { recursive: 'true' } } });
    expect(FileList.parse(files.data).entries.map((e) => e.path)).toEqual(expect.arrayContaining(['notes', 'notes/a b.txt']));
    const content = await client.GET('/sessions/{id}/files/content', { params: { path: { id }, query: { path: 'notes/a b.txt' } }, parseAs: 'text' });
    expect(content.data).toBe('hello files');
  });

  it('returns the typed error body, and works against the root mount too', async () => {
    const missing = await client.GET('/sessions/{id}', { params: { path: { id: 'a'.repeat(20) } } });
    expect(missing.response.status).toBe(404);
    expect(ErrorBody.parse(missing.error).error.code).toBe('SESSION_NOT_FOUND');
    const root = createClient({ baseUrl: s.url, apiKey: KEY });
    expect((await root.GET('/sessions/{id}', { params: { path: { id } } })).data?.session.id).toBe(id);
    const anonymous = createClient({ baseUrl: s.url });
    expect((await anonymous.GET('/sessions')).error?.error.code).toBe('UNAUTHENTICATED');
    const deleted = await client.DELETE('/sessions/{id}', { params: { path: { id } } });
    expect(deleted.data).toEqual({ id, deleted: true, workspaceKept: false });
  });
});
