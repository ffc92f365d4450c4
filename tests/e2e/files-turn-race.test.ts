import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/harness.js';

// Claude and the client never write the workspace at once: a turn waits for no upload and vice versa.

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({});
});
afterAll(async () => {
  await s.close();
});

describe('uploads and turns', () => {
  it('refuses a turn (409 SESSION_BUSY) while an upload is still streaming in', async () => {
    const { session } = await (await s.api('/api/v1/sessions', { json: {} })).json();
    let push!: (chunk: Uint8Array | null) => void;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        push = (chunk) => (chunk ? controller.enqueue(chunk) : controller.close());
      },
    });
    const upload = fetch(`${s.url}/api/v1/sessions/${session.id}/files/content?path=big.bin`, {
      method: 'PUT',
      body,
      duplex: 'half',
    } as RequestInit);
    push(new Uint8Array(1024));
    // Let the request reach the handler and take its hold on the workspace.
    await new Promise((r) => setTimeout(r, 300));
    const res = await s.api(`/api/v1/sessions/${session.id}/messages`, { json: { prompt: 'hello' } });
    expect(res.status).toBe(409);
    const refused = await res.json();
    expect(refused.error).toMatchObject({ code: 'SESSION_BUSY', message: expect.stringMatching(/files are being written/) });
    push(new Uint8Array(1024));
    push(null);
    expect((await upload).status).toBe(201);
    const after = await s.api(`/api/v1/sessions/${session.id}/messages`, { json: { prompt: 'hello' } });
    expect((await after.json()).response).toBe('fixture: hello');
  });
});
