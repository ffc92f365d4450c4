import Anthropic from '@anthropic-ai/sdk';
import { Redis } from 'ioredis';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAUDE_BIN, cliEnv } from '../support/cli-env.js';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.js';
import { startRedis, type RedisServer } from '../support/redis.js';
import { spawnServer, type ServerProcess } from '../support/server-process.js';
import { closeStream, endTurn, until, type Ev } from '../support/sdk-streams.js';

// The compatible APIs in shared mode: two replicas of the real server on one real redis-server,
// driven by the official SDKs through the replica that does NOT run the session (the real CLI
// against the scripted model).

const KEY = 'sk-shared-compat-0123456789';
let redis: RedisServer;
let kv: Redis;
let model: FakeAnthropic;
let root: string;
let a: ServerProcess;
let b: ServerProcess;
const replicas: ServerProcess[] = [];

async function replica(name: string): Promise<ServerProcess> {
  const srv = await spawnServer(
    {
      ...cliEnv({ baseUrl: model.url, home: root }),
      CLAUDE_BIN,
      API_KEYS: `alice:${KEY}`,
      DEFAULT_MODEL: 'sonnet',
      REDIS_URL: redis.url,
      NODE_ID: name,
      OWNER_LEASE_MS: '2000',
      WORKSPACE_ROOT: path.join(root, 'workspaces'),
      SANDBOX_DIR: path.join(root, 'sandboxes'),
      STATE_DIR: path.join(root, `state-${name}`),
    },
    60_000,
  );
  replicas.push(srv);
  return srv;
}

/** The replica whose lease the session is under. */
const ownerOf = async (id: string) => (await kv.get(`cca:lease:${id}`))?.split(' ')[0];

beforeAll(async () => {
  redis = await startRedis();
  kv = new Redis(redis.url);
  model = await startFakeAnthropic();
  root = await mkdtemp(path.join(os.tmpdir(), 'cca-shared-compat-'));
  a = await replica('node-a');
  b = await replica('node-b');
}, 150_000);
afterAll(async () => {
  for (const r of replicas) {
    if (r.child.exitCode === null && r.child.signalCode === null) {
      r.child.kill('SIGTERM');
      await r.exited;
    }
  }
  kv?.disconnect();
  await model?.close();
  await redis?.stop();
  await rm(root, { recursive: true, force: true });
});


describe('Managed Agents on two replicas', { timeout: 120_000 }, () => {
  it('agent made on A, session on B, message and event stream through A, listed alike from both', async () => {
    const onA = new Anthropic({ baseURL: a.url, apiKey: KEY, maxRetries: 0 });
    const onB = new Anthropic({ baseURL: b.url, apiKey: KEY, maxRetries: 0 });
    const agent = await onA.beta.agents.create({ name: 'shared', model: 'sonnet', system: 'Be brief.' });
    expect((await onB.beta.agents.retrieve(agent.id)).system).toBe('Be brief.');
    const env = await onB.beta.environments.create({ name: 'local' });
    expect((await onA.beta.environments.retrieve(env.id)).name).toBe('local');
    const session = await onB.beta.sessions.create({ agent: agent.id, environment_id: env.id, title: 'on b' });
    expect(await ownerOf(session.id)).toBe('node-b');

    // Through A, the replica that does not run it: retrieve, stream, send, list events.
    expect(await onA.beta.sessions.retrieve(session.id)).toMatchObject({ id: session.id, title: 'on b', status: 'idle', agent: { id: agent.id, version: 1 } });
    const stream = (await onA.beta.sessions.events.stream(session.id)) as unknown as AsyncIterable<Ev>;
    const sent = await onA.beta.sessions.events.send(session.id, { events: [{ type: 'user.message', content: [{ type: 'text', text: 'hello from a' }] }] });
    const first = await until(stream, endTurn);
    expect(first[0]!.id).toBe(sent.data![0]!.id);
    expect(first.find((e) => e.type === 'agent.message')!.content).toEqual([{ type: 'text', text: 'echo: hello from a' }]);
    // The second turn continues the conversation (on B, through A).
    await onA.beta.sessions.events.send(session.id, { events: [{ type: 'user.message', content: [{ type: 'text', text: 'RECALL' }] }] });
    const second = await until(stream, endTurn);
    expect(second.find((e) => e.type === 'agent.message')!.content).toEqual([{ type: 'text', text: 'recall: hello from a' }]);
    await closeStream(stream);
    expect(await ownerOf(session.id)).toBe('node-b');
    const listedEvents = [];
    for await (const e of onA.beta.sessions.events.list(session.id)) listedEvents.push(e.id);
    expect(listedEvents).toEqual(expect.arrayContaining([...first, ...second].map((e) => e.id)));

    // Listings and metadata changes agree whichever replica answers.
    const fromA = [];
    for await (const s of onA.beta.sessions.list()) fromA.push(s.id);
    const fromB = [];
    for await (const s of onB.beta.sessions.list({ agent_id: agent.id })) fromB.push(s.id);
    expect(fromA).toContain(session.id);
    expect(fromB).toEqual([session.id]);
    await onA.beta.sessions.update(session.id, { metadata: { via: 'a' } });
    expect((await onB.beta.sessions.retrieve(session.id)).metadata).toEqual({ via: 'a' });

    // Deleted through A: gone on both.
    await onA.beta.sessions.delete(session.id);
    await expect(onB.beta.sessions.retrieve(session.id)).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    const after = [];
    for await (const s of onB.beta.sessions.list()) after.push(s.id);
    expect(after).not.toContain(session.id);
  });

  it('version conflicts are exact across replicas: of concurrent updates from one version, one wins', async () => {
    const onA = new Anthropic({ baseURL: a.url, apiKey: KEY, maxRetries: 0 });
    const onB = new Anthropic({ baseURL: b.url, apiKey: KEY, maxRetries: 0 });
    const agent = await onA.beta.agents.create({ name: 'race', model: 'sonnet' });
    const tries = Array.from({ length: 10 }, (_, i) => (i % 2 ? onA : onB).beta.agents.update(agent.id, { version: 1, system: `writer ${i}` }).then(
      (x) => ({ ok: x.version }),
      (err: unknown) => ({ err }),
    ));
    const results = await Promise.all(tries);
    const won = results.filter((r) => 'ok' in r);
    expect(won).toEqual([{ ok: 2 }]);
    for (const r of results.filter((r) => 'err' in r)) expect((r as { err: unknown }).err).toBeInstanceOf(Anthropic.ConflictError);
    const versions = [];
    for await (const v of onB.beta.agents.versions.list(agent.id)) versions.push(v.version);
    expect(versions).toEqual([2, 1]);
    // Without a version the update applies on top of the latest, from either replica.
    const [x, y] = await Promise.all([onA.beta.agents.update(agent.id, { name: 'x' }), onB.beta.agents.update(agent.id, { description: 'y' })]);
    expect(new Set([x.version, y.version])).toEqual(new Set([3, 4]));
    expect(await onA.beta.agents.retrieve(agent.id)).toMatchObject({ version: 4, name: 'x', description: 'y' });
  });
});

describe('OpenAI chat completions on two replicas', { timeout: 120_000 }, () => {
  const sessionOf = (id: string) => /^chatcmpl-([0-9a-z]{20})-/.exec(id)![1]!;

  it('continues a session through the other replica, by session_id and by user, streamed too', async () => {
    const onA = new OpenAI({ baseURL: `${a.url}/openai/v1`, apiKey: KEY, maxRetries: 0 });
    const onB = new OpenAI({ baseURL: `${b.url}/openai/v1`, apiKey: KEY, maxRetries: 0 });
    const first = await onA.chat.completions.create({ model: 'sonnet', messages: [{ role: 'user', content: 'alpha' }] });
    expect(await ownerOf(sessionOf(first.id))).toBe('node-a');
    const again = await onB.chat.completions.create({ model: 'sonnet', messages: [{ role: 'user', content: 'RECALL' }], session_id: first.id } as never);
    expect(again.choices[0]!.message.content).toBe('recall: alpha');
    expect(sessionOf(again.id)).toBe(sessionOf(first.id));

    const stream = await onB.chat.completions.create({ model: 'sonnet', messages: [{ role: 'user', content: 'DELTAS 4' }], stream: true, session_id: sessionOf(first.id) } as never);
    let text = '';
    for await (const ch of stream as unknown as AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>) text += ch.choices[0]?.delta.content ?? '';
    expect(text).toBe('d0 d1 d2 d3 ');
    expect(await ownerOf(sessionOf(first.id))).toBe('node-a');

    const u1 = await onB.chat.completions.create({ model: 'sonnet', user: 'dora', messages: [{ role: 'user', content: 'beta' }] });
    expect(await ownerOf(sessionOf(u1.id))).toBe('node-b');
    const u2 = await onA.chat.completions.create({ model: 'sonnet', user: 'dora', messages: [{ role: 'user', content: 'RECALL' }] });
    expect(sessionOf(u2.id)).toBe(sessionOf(u1.id));
    expect(u2.choices[0]!.message.content).toBe('recall: beta');

    await expect(onB.chat.completions.create({ model: 'sonnet', messages: [{ role: 'user', content: 'x' }], session_id: 'aaaaaaaaaaaaaaaaaaaa' } as never)).rejects.toBeInstanceOf(
      OpenAI.NotFoundError,
    );
  });
});
