import Anthropic from '@anthropic-ai/sdk';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAUDE_BIN, cliEnv } from '../support/cli-env.js';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.js';
import { SseReader, startTestServer, type TestServer } from '../support/harness.js';
import { loadConfig } from '../../src/config.js';
import { createApp } from '../../src/http/app.js';
import { createLogger } from '../../src/logging/logger.js';
import type { SessionService } from '../../src/sessions/session-service.js';
import { endTurn, until, type Ev } from '../support/sdk-streams.js';

// The official @anthropic-ai/sdk (client.beta.agents / environments / sessions / sessions.events)
// pointed at this server, driving the REAL CLI against the scripted model.

const ALICE = 'sk-ma-alice-0123456789abcdef';
const BOB = 'sk-ma-bob-0123456789abcdef';
const OPS = 'sk-ma-ops-0123456789abcdef';
let model: FakeAnthropic;
let s: TestServer;
let client: Anthropic;

beforeAll(async () => {
  model = await startFakeAnthropic();
  s = await startTestServer((root) => ({
    ...cliEnv({ baseUrl: model.url, home: root }),
    CLAUDE_BIN,
    API_KEYS: `alice:${ALICE},bob:${BOB}`,
    ADMIN_KEYS: `ops:${OPS}`,
    DEFAULT_MODEL: 'sonnet',
    SANDBOX_SESSION_DOMAINS: '*.example.com',
  }));
  client = new Anthropic({ baseURL: s.url, apiKey: ALICE, maxRetries: 0 });
});
afterAll(async () => {
  await s?.close();
  await model?.close();
});

async function setup(tools: Anthropic.Beta.Agents.AgentCreateParams['tools'] = [{ type: 'agent_toolset_20260401', configs: [{ name: 'write', permission_policy: { type: 'always_ask' } }] }]) {
  const agent = await client.beta.agents.create({ name: 'coder', model: 'sonnet', system: 'You write files.', tools });
  const env = await client.beta.environments.create({ name: 'local', config: { type: 'cloud', networking: { type: 'limited', allowed_hosts: ['api.example.com'] } } });
  const session = await client.beta.sessions.create({ agent: agent.id, environment_id: env.id, title: 'first', metadata: { team: 'a' } });
  return { agent, env, session };
}

const idle = (e: Ev) => e.type === 'session.status_idle';
const say = (sessionId: string, text: string) => client.beta.sessions.events.send(sessionId, { events: [{ type: 'user.message', content: [{ type: 'text', text }] }] });

// Several real CLI turns per test: more than the default 30 s on a busy machine.
describe('Managed Agents over the real CLI', { timeout: 90_000 }, () => {
  it('agents are versioned, listed with pagination, archived', async () => {
    const a = await client.beta.agents.create({ name: 'v', model: { id: 'sonnet' }, metadata: { k: '1' } });
    expect(a).toMatchObject({ type: 'agent', version: 1, name: 'v', model: { id: 'sonnet' }, tools: [], archived_at: null });
    const b = await client.beta.agents.update(a.id, { version: 1, system: 'be terse', metadata: { k: null, j: '2' } });
    expect(b).toMatchObject({ version: 2, system: 'be terse', metadata: { j: '2' } });
    expect((await client.beta.agents.update(a.id, { system: 'be terse' })).version).toBe(2);
    await expect(client.beta.agents.update(a.id, { version: 1, name: 'stale' })).rejects.toBeInstanceOf(Anthropic.ConflictError);
    expect((await client.beta.agents.retrieve(a.id, { version: 1 })).system).toBeNull();
    const versions = [];
    for await (const v of client.beta.agents.versions.list(a.id)) versions.push(v.version);
    expect(versions).toEqual([2, 1]);
    for (let i = 0; i < 3; i++) await client.beta.agents.create({ name: `p${i}`, model: 'sonnet' });
    const ids = [];
    for await (const x of client.beta.agents.list({ limit: 2 })) ids.push(x.id);
    expect(ids.length).toBeGreaterThanOrEqual(4);
    expect(new Set(ids).size).toBe(ids.length);
    expect((await client.beta.agents.archive(a.id)).archived_at).not.toBeNull();
    const active = [];
    for await (const x of client.beta.agents.list()) active.push(x.id);
    expect(active).not.toContain(a.id);
  });

  it('environments: create, retrieve, list, archive, delete; unknown config fields are a 400', async () => {
    const e = await client.beta.environments.create({ name: 'net', config: { type: 'cloud', networking: { type: 'limited', allowed_hosts: ['x.example.com'] } } });
    expect(e).toMatchObject({ type: 'environment', config: { type: 'cloud', networking: { type: 'limited', allowed_hosts: ['x.example.com'] } } });
    expect((await client.beta.environments.retrieve(e.id)).name).toBe('net');
    const all = [];
    for await (const x of client.beta.environments.list()) all.push(x.id);
    expect(all).toContain(e.id);
    expect((await client.beta.environments.archive(e.id)).archived_at).not.toBeNull();
    expect(await client.beta.environments.delete(e.id)).toEqual({ id: e.id, type: 'environment_deleted' });
    await expect(client.beta.environments.retrieve(e.id)).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    const bad = [
      { name: 'x', config: { type: 'cloud', gpu: true } },
      { name: 'x', config: { type: 'cloud', packages: { pip: ['numpy'] } } },
      { name: 'x', config: { type: 'cloud', networking: { type: 'limited', allowed_hosts: ['evil.org'] } } },
      { name: 'x', config: { type: 'kubernetes' } },
    ];
    for (const body of bad) {
      const err = await client.beta.environments.create(body as never).catch((x: unknown) => x);
      expect(err).toBeInstanceOf(Anthropic.BadRequestError);
      expect((err as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    }
  });

  it('a session is one of ours: streamed turn, context across turns, history list = stream', async () => {
    const { session, env, agent } = await setup();
    expect(session).toMatchObject({ type: 'session', status: 'idle', title: 'first', environment_id: env.id, agent: { id: agent.id, version: 1 }, metadata: { team: 'a' } });
    const native = await (await s.api(`/api/v1/sessions/${session.id}`, { headers: { 'x-api-key': ALICE } })).json();
    expect(native.session).toMatchObject({ id: session.id, model: 'sonnet', appendSystemPrompt: 'You write files.', permissionPolicy: 'ask', allowedDomains: ['api.example.com'] });
    expect(native.session.disallowedTools).toEqual([]);
    expect(native.session.allowedTools).toEqual(expect.arrayContaining(['Bash', 'Read', 'Edit']));
    expect(native.session.allowedTools).not.toContain('Write');

    const stream = (await client.beta.sessions.events.stream(session.id)) as unknown as AsyncIterable<Ev>;
    const sent = await say(session.id, 'hello agent');
    expect(sent.data![0]).toMatchObject({ type: 'user.message', content: [{ type: 'text', text: 'hello agent' }] });
    const first = await until(stream, endTurn);
    expect(first.map((e) => e.type)).toEqual([
      'user.message',
      'session.status_running',
      'span.model_request_start',
      'agent.message',
      'span.model_request_end',
      'session.status_idle',
    ]);
    expect(first[0]!.id).toBe(sent.data![0]!.id);
    expect(first.find((e) => e.type === 'agent.message')!.content).toEqual([{ type: 'text', text: 'echo: hello agent' }]);
    const end = first.find((e) => e.type === 'span.model_request_end')!;
    expect(end.model_request_start_id).toBe(first.find((e) => e.type === 'span.model_request_start')!.id);
    expect(end.model_usage.output_tokens).toBeGreaterThan(0);
    expect(first.at(-1)!.stop_reason).toEqual({ type: 'end_turn' });

    await say(session.id, 'RECALL');
    const second = await until(stream, endTurn);
    expect(second.find((e) => e.type === 'agent.message')!.content[0].text).toBe('recall: hello agent');

    const listed: Ev[] = [];
    for await (const e of client.beta.sessions.events.list(session.id, { limit: 3 })) listed.push(e as Ev);
    expect(listed.map((e) => e.id)).toEqual([...first, ...second].map((e) => e.id));
    const desc = await client.beta.sessions.events.list(session.id, { order: 'desc', limit: 2 });
    expect(desc.data.map((e) => e.id)).toEqual([second.at(-1)!.id, second.at(-2)!.id]);
    const onlyMessages = await client.beta.sessions.events.list(session.id, { types: ['agent.message'] });
    expect(onlyMessages.data.map((e) => e.type)).toEqual(['agent.message', 'agent.message']);

    const got = await client.beta.sessions.retrieve(session.id);
    expect(got.status).toBe('idle');
    expect(got.usage.output_tokens).toBeGreaterThan(0);
    const updated = await client.beta.sessions.update(session.id, { title: 'renamed', metadata: { team: null, x: 'y' } });
    expect(updated).toMatchObject({ title: 'renamed', metadata: { x: 'y' } });
    const mine = [];
    for await (const x of client.beta.sessions.list()) mine.push(x.id);
    expect(mine).toContain(session.id);
  });

  it('streams token deltas when asked (event_deltas=agent.message), named after the message they build', async () => {
    const { session } = await setup();
    const stream = (await client.beta.sessions.events.stream(session.id, { event_deltas: ['agent.message'] })) as unknown as AsyncIterable<Ev>;
    await say(session.id, 'DELTAS 4');
    const events = await until(stream, endTurn);
    const start = events.find((e) => e.type === 'event_start')!;
    const message = events.find((e) => e.type === 'agent.message')!;
    expect(start.event).toEqual({ type: 'agent.message', id: message.id });
    const deltas = events.filter((e) => e.type === 'event_delta');
    expect(deltas.length).toBe(4);
    expect(deltas.every((d) => d.event_id === message.id)).toBe(true);
    expect(deltas.map((d) => d.delta.content.text).join('')).toBe(message.content[0].text);
    // Deltas are never history.
    const listed = await client.beta.sessions.events.list(session.id);
    expect(listed.data.some((e) => (e.type as string) === 'event_delta')).toBe(false);
  });

  it('tool confirmation: always_ask stops with requires_action; allow runs the tool, deny tells the model why', async () => {
    const { session } = await setup();
    const native = await (await s.api(`/api/v1/sessions/${session.id}`, { headers: { 'x-api-key': ALICE } })).json();
    const stream = (await client.beta.sessions.events.stream(session.id)) as unknown as AsyncIterable<Ev>;
    await say(session.id, 'WRITE approved.txt yes please');
    const asked = await until(stream, idle);
    const use = asked.find((e) => e.type === 'agent.tool_use')!;
    expect(use).toMatchObject({ name: 'write', input: { content: 'yes please' } });
    expect(asked.at(-1)!.stop_reason).toEqual({ type: 'requires_action', event_ids: [use.id] });
    expect((await client.beta.sessions.retrieve(session.id)).status).toBe('idle');
    await expect(say(session.id, 'again')).rejects.toBeInstanceOf(Anthropic.ConflictError);
    const ok = await client.beta.sessions.events.send(session.id, { events: [{ type: 'user.tool_confirmation', tool_use_id: use.id!, result: 'allow' }] });
    const rest = await until(stream, endTurn);
    expect(rest.find((e) => e.type === 'user.tool_confirmation')).toMatchObject({ id: ok.data![0]!.id, tool_use_id: use.id!, result: 'allow' });
    expect(rest.find((e) => e.type === 'agent.tool_result')).toMatchObject({ tool_use_id: use.id, is_error: false });
    expect(rest.find((e) => e.type === 'agent.message')!.content[0].text).toBe('wrote approved.txt');
    expect(await readFile(path.join(native.session.workspace, 'approved.txt'), 'utf8')).toBe('yes please');

    await say(session.id, 'WRITE denied.txt no');
    const asked2 = await until(stream, idle);
    const use2 = asked2.find((e) => e.type === 'agent.tool_use')!;
    await client.beta.sessions.events.send(session.id, { events: [{ type: 'user.tool_confirmation', tool_use_id: use2.id!, result: 'deny', deny_message: 'not today' }] });
    const rest2 = await until(stream, endTurn);
    expect(rest2.find((e) => e.type === 'agent.tool_result')).toMatchObject({ tool_use_id: use2.id, is_error: true });
    expect(rest2.find((e) => e.type === 'agent.message')!.content[0].text).toBe('tool error: not today');
    expect(existsSync(path.join(native.session.workspace, 'denied.txt'))).toBe(false);
    await expect(
      client.beta.sessions.events.send(session.id, { events: [{ type: 'user.tool_confirmation', tool_use_id: use2.id!, result: 'allow' }] }),
    ).rejects.toBeInstanceOf(Anthropic.NotFoundError);
  });

  it('user.interrupt stops a running turn', async () => {
    const { session } = await setup();
    const stream = (await client.beta.sessions.events.stream(session.id, { event_deltas: ['agent.message'] })) as unknown as AsyncIterable<Ev>;
    await say(session.id, 'SLOW 100 100');
    await until(stream, (e) => e.type === 'event_delta');
    expect((await client.beta.sessions.retrieve(session.id)).status).toBe('running');
    const sent = await client.beta.sessions.events.send(session.id, { events: [{ type: 'user.interrupt' }] });
    const rest = await until(stream, endTurn);
    expect(rest.find((e) => e.type === 'user.interrupt')!.id).toBe(sent.data![0]!.id);
    expect(rest.at(-1)!.stop_reason.type).toBe('end_turn');
    expect((await client.beta.sessions.retrieve(session.id)).status).toBe('idle');
  });

  it('reconnecting with Last-Event-ID misses nothing; list-then-stream with dedupe by id works', async () => {
    const { session } = await setup();
    const headers = { 'x-api-key': ALICE };
    const raw = new SseReader(await fetch(`${s.url}/v1/sessions/${session.id}/events/stream`, { headers }));
    await say(session.id, 'BASH echo one');
    const part = await raw.until((m) => m.event === 'agent.tool_use');
    await raw.cancel();
    const lastId = raw.seen.at(-1)!.id!;
    expect(part!.event).toBe('agent.tool_use');
    // Reconnect with the SDK, passing the header.
    const resumed = (await client.beta.sessions.events.stream(session.id, {}, { headers: { 'Last-Event-ID': lastId } })) as unknown as AsyncIterable<Ev>;
    const rest = await until(resumed, endTurn);
    const all = [...raw.seen.map((m) => m.data as Ev), ...rest];
    const history = (await client.beta.sessions.events.list(session.id)).data as Ev[];
    expect(all.map((e) => e.id)).toEqual(history.map((e) => e.id));
    expect(rest[0]!.id).not.toBe(raw.seen.at(-1)!.data.id);

    // The SDK's own pattern: open the stream, then list history, then follow; dedupe by id.
    const live = (await client.beta.sessions.events.stream(session.id)) as unknown as AsyncIterable<Ev>;
    const seen = new Set(((await client.beta.sessions.events.list(session.id)).data as Ev[]).map((e) => e.id));
    await say(session.id, 'again');
    const fresh = (await until(live, endTurn)).filter((e) => !seen.has(e.id));
    expect(fresh[0]!.type).toBe('user.message');
    expect(fresh.find((e) => e.type === 'agent.message')!.content[0].text).toBe('echo: again');
  });

  it('maps every error class the SDK has: 400, 401, 403, 404, 409, 429', async () => {
    await expect(new Anthropic({ baseURL: s.url, apiKey: 'nope', maxRetries: 0 }).beta.agents.list()).rejects.toBeInstanceOf(Anthropic.AuthenticationError);
    const bob = new Anthropic({ baseURL: s.url, apiKey: BOB, maxRetries: 0 });
    await expect(bob.beta.environments.create({ name: 'org', scope: 'organization' })).rejects.toBeInstanceOf(Anthropic.PermissionDeniedError);
    const ops = new Anthropic({ baseURL: s.url, authToken: OPS, apiKey: null, maxRetries: 0 });
    const org = await ops.beta.environments.create({ name: 'org', scope: 'organization' });
    expect((await bob.beta.environments.retrieve(org.id)).scope).toBe('organization');
    await expect(bob.beta.environments.archive(org.id)).rejects.toBeInstanceOf(Anthropic.PermissionDeniedError);
    const { session, agent } = await setup();
    await expect(bob.beta.sessions.retrieve(session.id)).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    await expect(bob.beta.agents.retrieve(agent.id)).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    const notFound = await client.beta.agents.retrieve('agent_doesnotexist').catch((e: unknown) => e);
    expect(notFound).toBeInstanceOf(Anthropic.NotFoundError);
    expect((notFound as InstanceType<typeof Anthropic.NotFoundError>).error).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
    await expect(client.beta.agents.create({ name: 'x', model: 'gpt-4o' })).rejects.toBeInstanceOf(Anthropic.BadRequestError);
    await expect(
      client.beta.agents.create({ name: 'x', model: 'sonnet', tools: [{ type: 'custom', name: 'f', description: 'f', input_schema: { type: 'object' } }] }),
    ).rejects.toBeInstanceOf(Anthropic.BadRequestError);
    const image = await client.beta.sessions.events
      .send(session.id, { events: [{ type: 'user.message', content: [{ type: 'image', source: { type: 'url', url: 'https://x/y.png' } }] }] })
      .catch((e: unknown) => e);
    expect(image).toBeInstanceOf(Anthropic.BadRequestError);
    expect((image as Error).message).toMatch(/image content is not supported/);
    await expect(client.beta.sessions.events.send(session.id, { events: [{ type: 'user.define_outcome', description: 'x', rubric: { type: 'text', content: 'x' } }] })).rejects.toBeInstanceOf(Anthropic.BadRequestError);
    // A session made through the native API is not a Managed Agents session.
    const nativeId = (await (await s.api('/api/v1/sessions', { json: {}, headers: { 'x-api-key': ALICE } })).json()).session.id;
    await expect(client.beta.sessions.retrieve(nativeId)).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    const unknownRoute = await fetch(`${s.url}/v1/skills`, { headers: { 'x-api-key': ALICE } });
    expect(unknownRoute.status).toBe(404);
    expect(await unknownRoute.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
    // Archived: no more events; deleted: gone.
    await client.beta.sessions.archive(session.id);
    expect((await client.beta.sessions.retrieve(session.id)).status).toBe('terminated');
    await expect(say(session.id, 'hi')).rejects.toBeInstanceOf(Anthropic.BadRequestError);
    expect(await client.beta.sessions.delete(session.id)).toEqual({ id: session.id, type: 'session_deleted' });
    await expect(client.beta.sessions.retrieve(session.id)).rejects.toBeInstanceOf(Anthropic.NotFoundError);
  });

  it('429 when the key holds its maximum of sessions', async () => {
    const small = await startTestServer((root) => ({ ...cliEnv({ baseUrl: model.url, home: root }), CLAUDE_BIN, API_KEYS: `alice:${ALICE}`, MAX_SESSIONS_PER_KEY: '1' }));
    try {
      const c = new Anthropic({ baseURL: small.url, apiKey: ALICE, maxRetries: 0 });
      const agent = await c.beta.agents.create({ name: 'a', model: 'sonnet' });
      const env = await c.beta.environments.create({ name: 'e' });
      await c.beta.sessions.create({ agent: agent.id, environment_id: env.id });
      const err = await c.beta.sessions.create({ agent: { type: 'agent', id: agent.id, version: 1 }, environment_id: env.id }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Anthropic.RateLimitError);
      expect((err as InstanceType<typeof Anthropic.RateLimitError>).error).toMatchObject({ error: { type: 'rate_limit_error' } });
    } finally {
      await small.close();
    }
  });

  it('5xx: an app without the Managed Agents state answers 503 overloaded_error (the SDK\'s InternalServerError)', async () => {
    const config = loadConfig({ HOME: '/nonexistent', LOG_LEVEL: 'silent', AUTH_DISABLED: 'true' });
    const app = createApp({
      config,
      logger: createLogger('silent'),
      service: {} as SessionService,
      info: { version: 'test', cliVersion: () => null, sandbox: () => null, spawner: () => null, credential: () => null, startedAt: 0 },
      rateLimits: null,
    });
    const c = new Anthropic({ baseURL: 'http://embedded.test', apiKey: 'x', maxRetries: 0, fetch: (url, init) => Promise.resolve(app.fetch(new Request(url, init))) });
    const err = await c.beta.agents.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.InternalServerError);
    expect((err as InstanceType<typeof Anthropic.InternalServerError>).error).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
  });
});
