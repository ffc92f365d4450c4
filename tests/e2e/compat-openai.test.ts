import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAUDE_BIN, cliEnv } from '../support/cli-env.js';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.js';
import { startTestServer, type TestServer } from '../support/harness.js';

// The official `openai` SDK against /openai/v1, driving the REAL CLI (scripted model).

const KEY = 'sk-compat-openai-0123456789';
let model: FakeAnthropic;
let s: TestServer;
let client: OpenAI;

beforeAll(async () => {
  model = await startFakeAnthropic();
  s = await startTestServer((root) => ({ ...cliEnv({ baseUrl: model.url, home: root }), CLAUDE_BIN, API_KEYS: `alice:${KEY}`, DEFAULT_MODEL: 'sonnet' }));
  client = new OpenAI({ baseURL: `${s.url}/openai/v1`, apiKey: KEY, maxRetries: 0 });
});
afterAll(async () => {
  await s?.close();
  await model?.close();
});

const sessionOf = (id: string) => /^chatcmpl-([0-9a-z]{20})-/.exec(id)![1]!;

// Several real CLI turns per test: more than the default 30 s on a busy machine.
describe('OpenAI chat completions over the real CLI', { timeout: 90_000 }, () => {
  it('lists models', async () => {
    const page = await client.models.list();
    expect(page.data.map((m) => m.id)).toContain('sonnet');
    expect(page.data[0]).toMatchObject({ object: 'model', owned_by: 'anthropic' });
    expect((await client.models.retrieve('sonnet')).id).toBe('sonnet');
  });

  it('answers without streaming, in a session visible in the native API, with usage', async () => {
    const { data, response } = await client.chat.completions.create({ model: 'sonnet', messages: [{ role: 'user', content: 'hello there' }] }).withResponse();
    expect(data.object).toBe('chat.completion');
    expect(data.choices[0]!.message).toMatchObject({ role: 'assistant', content: 'echo: hello there' });
    expect(data.choices[0]!.finish_reason).toBe('stop');
    expect(data.usage!.prompt_tokens).toBeGreaterThan(0);
    expect(data.usage!.completion_tokens).toBeGreaterThan(0);
    expect(data.usage!.total_tokens).toBe(data.usage!.prompt_tokens + data.usage!.completion_tokens);
    const sid = response.headers.get('x-session-id')!;
    expect(sessionOf(data.id)).toBe(sid);
    const native = await s.api(`/api/v1/sessions/${sid}`, { headers: { 'x-api-key': KEY } });
    expect((await native.json()).session).toMatchObject({ id: sid, turnCount: 1, model: 'sonnet' });
  });

  it('keeps context across requests: by session_id (a completion id works too) and by user', async () => {
    const first = await client.chat.completions.create({ model: 'sonnet', messages: [{ role: 'user', content: 'alpha' }] });
    const again = await client.chat.completions.create({ model: 'sonnet', messages: [{ role: 'user', content: 'RECALL' }], session_id: first.id } as never);
    expect(again.choices[0]!.message.content).toBe('recall: alpha');
    const sid = sessionOf(first.id);
    const third = await client.chat.completions.create({ model: 'sonnet', messages: [{ role: 'user', content: 'RECALL' }], session_id: sid } as never);
    expect(third.choices[0]!.message.content).toBe('recall: alpha | RECALL');

    const u1 = await client.chat.completions.create({ model: 'sonnet', user: 'carol', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'beta' }] });
    const u2 = await client.chat.completions.create({ model: 'sonnet', user: 'carol', messages: [{ role: 'user', content: 'beta' }, { role: 'assistant', content: 'echo: beta' }, { role: 'user', content: 'RECALL' }] });
    expect(sessionOf(u2.id)).toBe(sessionOf(u1.id));
    expect(u2.choices[0]!.message.content).toBe('recall: beta');
    // The system message became the session's appended system prompt.
    const native = await (await s.api(`/api/v1/sessions/${sessionOf(u1.id)}`, { headers: { 'x-api-key': KEY } })).json();
    expect(native.session.appendSystemPrompt).toBe('Be brief.');
  });

  it('folds earlier messages into the first prompt of a new session', async () => {
    const before = model.requests.length;
    const r = await client.chat.completions.create({
      model: 'sonnet',
      messages: [{ role: 'user', content: 'my name is Ada' }, { role: 'assistant', content: 'hi Ada' }, { role: 'user', content: 'what is my name?' }],
    });
    expect(r.choices[0]!.message.content).toMatch(/^echo: The conversation so far:/);
    const sent = JSON.stringify(model.requests.slice(before).map((q) => q.body));
    expect(sent).toContain('User: my name is Ada');
    expect(sent).toContain('Assistant: hi Ada');
  });

  it('streams: role first, content deltas, finish_reason, usage, [DONE]', async () => {
    const stream = await client.chat.completions.create({
      model: 'sonnet',
      messages: [{ role: 'user', content: 'DELTAS 5' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const ch of stream) chunks.push(ch);
    expect(chunks[0]!.choices[0]!.delta).toMatchObject({ role: 'assistant' });
    expect(chunks.every((c) => c.object === 'chat.completion.chunk' && c.id === chunks[0]!.id)).toBe(true);
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe('d0 d1 d2 d3 d4 ');
    // More than one content chunk: the tokens were streamed, not sent at the end.
    expect(chunks.filter((c) => c.choices[0]?.delta.content).length).toBeGreaterThan(1);
    const finish = chunks.find((c) => c.choices[0]?.finish_reason);
    expect(finish!.choices[0]!.finish_reason).toBe('stop');
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage!.completion_tokens).toBeGreaterThan(0);
    // The streamed session continues like any other.
    const next = await client.chat.completions.create({ model: 'sonnet', messages: [{ role: 'user', content: 'RECALL' }], session_id: chunks[0]!.id } as never);
    expect(next.choices[0]!.message.content).toBe('recall: DELTAS 5');
  });

  it('streams the text of a tool-using turn (the tool call is the agent\'s own)', async () => {
    const stream = await client.chat.completions.create({ model: 'sonnet', messages: [{ role: 'user', content: 'BASH echo hi' }], stream: true });
    let text = '';
    for await (const ch of stream) text += ch.choices[0]?.delta.content ?? '';
    expect(text).toBe('bash: hi');
  });

  it('maps errors to the SDK\'s typed errors with OpenAI error bodies', async () => {
    const bad = new OpenAI({ baseURL: `${s.url}/openai/v1`, apiKey: 'wrong', maxRetries: 0 });
    await expect(bad.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    await expect(client.chat.completions.create({ model: 'sonnet', messages: [{ role: 'user', content: 'x' }], session_id: 'aaaaaaaaaaaaaaaaaaaa' } as never)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(client.models.retrieve('gpt-4o')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    const tools = client.chat.completions.create({
      model: 'sonnet',
      messages: [{ role: 'user', content: 'x' }],
      tools: [{ type: 'function', function: { name: 'f', parameters: {} } }],
    });
    await expect(tools).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    await expect(client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] })).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    await expect(client.chat.completions.create({ model: 'sonnet', messages: [{ role: 'assistant', content: 'x' }] })).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    const raw = await fetch(`${s.url}/openai/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${KEY}` }, body: '{"model":"sonnet","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"x"}}]}]}' });
    expect(raw.status).toBe(400);
    const body = await raw.json();
    expect(body.error).toMatchObject({ type: 'invalid_request_error', code: 'validation_failed' });
    expect(body.error.message).toMatch(/only text content parts/);
    const unauth = await fetch(`${s.url}/openai/v1/models`);
    expect(unauth.status).toBe(401);
    expect((await unauth.json()).error).toMatchObject({ type: 'authentication_error', code: 'unauthenticated' });
    const nowhere = await fetch(`${s.url}/openai/v1/embeddings`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(nowhere.status).toBe(404);
    expect((await nowhere.json()).error.type).toBe('not_found_error');
  });

  it('a failed model call is an APIError, streamed or not', async () => {
    const err = await client.chat.completions.create({ model: 'sonnet', messages: [{ role: 'user', content: 'ERROR 400' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect((err as InstanceType<typeof OpenAI.APIError>).status).toBeGreaterThanOrEqual(400);
    const stream = await client.chat.completions.create({ model: 'sonnet', messages: [{ role: 'user', content: 'ERROR 400' }], stream: true });
    await expect(
      (async () => {
        for await (const _ of stream) void _;
      })(),
    ).rejects.toBeInstanceOf(OpenAI.APIError);
  });
});
