import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/auth/keys.js';
import { loadConfig } from '../../src/config.js';
import { readSse, startTestServer, type TestServer } from '../support/harness.js';

const ALICE = 'sk-alice-0123456789';
const BOB = 'sk-bob-0123456789ab';
const ADMIN = 'sk-admin-0123456789';
const FILEKEY = 'sk-carol-from-file-01';

let s: TestServer;
const logs: string[] = [];
beforeAll(async () => {
  s = await startTestServer(
    (root) => {
      const file = path.join(root, 'keys.txt');
      writeFileSync(file, `# team keys\ncarol:sha256:${sha256(FILEKEY).toString('hex')}\n\n`);
      return { API_KEYS: `alice:${ALICE},bob:${BOB}`, ADMIN_KEYS: `ops:${ADMIN}`, API_KEYS_FILE: file };
    },
    { logSink: { write: (line: string) => void logs.push(line) } },
  );
});
afterAll(async () => {
  await s.close();
});

const as = (key: string | null, init: RequestInit & { json?: unknown } = {}) => ({
  ...init,
  headers: { ...(key ? { 'x-api-key': key } : {}), ...(init.headers as Record<string, string> | undefined) },
});

describe('API keys', () => {
  it('refuses a missing or wrong key with the same 401 body and WWW-Authenticate', async () => {
    const missing = await s.api('/api/v1/sessions');
    const wrong = await s.api('/api/v1/sessions', as('sk-wrong-0123456789'));
    for (const res of [missing, wrong]) {
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="claude-code-api"');
    }
    const a = (await missing.json()).error;
    const b = (await wrong.json()).error;
    expect({ ...a, requestId: 0 }).toEqual({ ...b, requestId: 0 });
    expect(a.code).toBe('UNAUTHENTICATED');
  });

  it('accepts x-api-key, Bearer, and a key given as a sha256 digest in API_KEYS_FILE', async () => {
    expect((await s.api('/api/v1/sessions', as(ALICE))).status).toBe(200);
    expect((await s.api('/api/v1/sessions', { headers: { authorization: `Bearer ${BOB}` } })).status).toBe(200);
    const carol = await s.api('/api/v1/sessions', as(FILEKEY, { json: {} }));
    expect(carol.status).toBe(201);
    expect((await carol.json()).session.owner).toBe('carol');
  });

  it('keeps /health public and free of keys', async () => {
    const res = await s.api('/api/v1/health');
    expect(res.status).toBe(200);
    const text = await res.text();
    for (const secret of [ALICE, BOB, ADMIN, FILEKEY, sha256(FILEKEY).toString('hex')]) expect(text).not.toContain(secret);
  });

  it('never writes a key or digest to the logs, and names the key by its name', async () => {
    await s.api('/api/v1/sessions', as(ALICE, { json: {} }));
    await s.api('/api/v1/sessions', as('sk-guess-0123456789'));
    const all = logs.join('');
    for (const secret of [ALICE, BOB, ADMIN, FILEKEY, 'sk-guess-0123456789', sha256(FILEKEY).toString('hex')]) {
      expect(all).not.toContain(secret);
    }
    expect(all).toContain('"key":"alice"');
  });

  it('refuses to start on a public address with no keys unless AUTH_DISABLED=true', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(/HOST.*AUTH_DISABLED/);
    expect(loadConfig({ HOST: '0.0.0.0', AUTH_DISABLED: 'true' }).auth.disabled).toBe(true);
    expect(loadConfig({ HOST: '127.0.0.1' }).auth.disabled).toBe(true);
    expect(loadConfig({ HOST: '0.0.0.0', API_KEYS: ALICE }).auth.disabled).toBe(false);
    expect(() => loadConfig({ API_KEYS: 'a:b:c:short' })).toThrow(/API_KEYS/);
    expect(() => loadConfig({ API_KEYS: `x:${ALICE},x:${BOB}` })).toThrow(/used twice/);
    expect(() => loadConfig({ API_KEYS_FILE: '/nonexistent/keys' })).toThrow(/API_KEYS_FILE/);
    expect(() => loadConfig({ AUTH_REQUIRE: 'sessions' })).toThrow(/AUTH_REQUIRE/);
  });

  it('requires keys only on the configured routes (the TypeScript design requireAuth list)', async () => {
    const t = await startTestServer({ API_KEYS: `alice:${ALICE}`, AUTH_REQUIRE: 'POST /sessions,POST /sessions/:id/messages' });
    try {
      expect((await t.api('/api/v1/sessions')).status).toBe(200);
      expect((await t.api('/api/v1/sessions', { json: {} })).status).toBe(401);
      const created = await (await t.api('/api/v1/sessions', as(ALICE, { json: {} }))).json();
      expect((await t.api(`/api/v1/sessions/${created.session.id}/messages`, { json: { prompt: 'x' } })).status).toBe(401);
      // Anonymous callers are a tenant of their own: alice's session is not theirs.
      expect((await t.api(`/api/v1/sessions/${created.session.id}`)).status).toBe(404);
      expect((await t.api(`/sessions/${created.session.id}/messages`, as(ALICE, { json: { prompt: 'x' } }))).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe('tenancy', () => {
  it('lets a key reach only its own sessions on every route; admins see all', async () => {
    const mine = (await (await s.api('/api/v1/sessions', as(ALICE, { json: { name: 'alice-private' } }))).json()).session;
    const id = mine.id;
    const probes: Array<[string, RequestInit & { json?: unknown }]> = [
      [`/api/v1/sessions/${id}`, {}],
      [`/sessions/${id}`, {}],
      [`/api/v1/sessions/${id}/messages`, { json: { prompt: 'hi' } }],
      [`/api/v1/sessions/${id}/messages`, { json: { prompt: 'hi', stream: true } }],
      [`/api/v1/sessions/${id}/stream?prompt=hi`, {}],
      [`/api/v1/sessions/${id}/interrupt`, { method: 'POST' }],
      [`/api/v1/sessions/${id}`, { method: 'DELETE' }],
    ];
    const unknown = await (await s.api('/api/v1/sessions/00000000000000000000', as(BOB))).json();
    for (const [p, init] of probes) {
      const res = await s.api(p, as(BOB, init));
      expect(res.status, p).toBe(404);
      const body = await res.json();
      expect({ ...body.error, requestId: 0 }).toEqual({ ...unknown.error, requestId: 0 });
    }
    const bobList = (await (await s.api('/api/v1/sessions?limit=200', as(BOB))).json()).sessions;
    expect(bobList.map((x: { id: string }) => x.id)).not.toContain(id);
    const aliceList = (await (await s.api('/api/v1/sessions?limit=200', as(ALICE))).json()).sessions;
    expect(aliceList.every((x: { owner: string }) => x.owner === 'alice')).toBe(true);
    // The session was untouched by all of that.
    const still = (await (await s.api(`/api/v1/sessions/${id}`, as(ALICE))).json()).session;
    expect(still.turnCount).toBe(0);
    const adminList = (await (await s.api('/api/v1/sessions?limit=200', as(ADMIN))).json()).sessions;
    expect(new Set(adminList.map((x: { owner: string }) => x.owner))).toEqual(new Set(['alice', 'carol']));
    const viaAdmin = await s.api(`/api/v1/sessions/${id}/messages`, as(ADMIN, { json: { prompt: 'admin says hi' } }));
    expect((await viaAdmin.json()).response).toBe('fixture: admin says hi');
    const stream = await readSse(await s.api(`/api/v1/sessions/${id}/stream?prompt=x`, as(ALICE)));
    expect(stream.at(-1)?.event).toBe('done');
    expect((await s.api(`/api/v1/sessions/${id}`, as(ALICE, { method: 'DELETE' }))).status).toBe(200);
  });

  it('applies MAX_SESSIONS_PER_KEY per key and MAX_SESSIONS overall', async () => {
    const t = await startTestServer({ API_KEYS: `alice:${ALICE},bob:${BOB}`, MAX_SESSIONS_PER_KEY: '2', MAX_SESSIONS: '3' });
    try {
      const make = async (key: string) => (await t.api('/api/v1/sessions', as(key, { json: {} }))).status;
      expect([await make(ALICE), await make(ALICE), await make(ALICE)]).toEqual([201, 201, 429]);
      expect([await make(BOB), await make(BOB)]).toEqual([201, 429]);
      const res = await t.api('/api/v1/sessions', as(BOB, { json: {} }));
      expect((await res.json()).error.message).toMatch(/server holds its maximum/);
    } finally {
      await t.close();
    }
  });
});

describe('resuming CLI conversations across tenants', () => {
  it('hands a conversation only to the owner of the session it ran in, host ones only to admins', async () => {
    const mine = (await (await s.api('/api/v1/sessions', as(ALICE, { json: {} }))).json()).session;
    const transcript = (cwd: string, id: string) => {
      const dir = path.join(s.config.claudeConfigDir, 'projects', cwd.replace(/[^a-zA-Z0-9]/g, '-'));
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, `${id}.jsonl`), `${JSON.stringify({ type: 'user', cwd, sessionId: id })}\n`);
    };
    const fromAlice = '11111111-1111-4111-8111-111111111111';
    const fromHost = '22222222-2222-4222-8222-222222222222';
    transcript(mine.workspace, fromAlice);
    transcript('/srv/someone/project', fromHost);
    const resume = (key: string, body: Record<string, unknown>) => s.api('/api/v1/sessions', as(key, { json: body }));
    const codeOf = async (r: Response) => (r.status === 201 ? 201 : (await r.json()).error.code);
    expect(await codeOf(await resume(BOB, { resumeClaudeSessionId: fromAlice }))).toBe('CLAUDE_SESSION_NOT_FOUND');
    expect(await codeOf(await resume(BOB, { resumeClaudeSessionId: fromHost }))).toBe('CLAUDE_SESSION_NOT_FOUND');
    expect(await codeOf(await resume(ALICE, { resumeClaudeSessionId: fromHost }))).toBe('CLAUDE_SESSION_NOT_FOUND');
    expect(await codeOf(await resume(ALICE, { resumeClaudeSessionId: fromAlice, importWorkspace: true }))).toBe(201);
    expect(await codeOf(await resume(ADMIN, { resumeClaudeSessionId: fromHost, importWorkspace: true }))).toBe('IMPORT_NOT_ALLOWED');
    const adminRes = await resume(ADMIN, { resumeClaudeSessionId: fromHost });
    expect(adminRes.status).toBe(201);
    const copy = (await adminRes.json()).session;
    expect(copy.claudeSessionId).toBe(fromHost);
    // The copy lands in the new session's own config dir, where its CLI (and only its CLI) reads it.
    const own = path.join(s.config.sandbox.dir, copy.id, 'home', '.claude', 'projects', copy.workspace.replace(/[^a-zA-Z0-9]/g, '-'));
    expect(existsSync(path.join(own, `${fromHost}.jsonl`))).toBe(true);
    // Deleting the session deletes the transcript copy too.
    await s.api(`/api/v1/sessions/${copy.id}`, as(ADMIN, { method: 'DELETE' }));
    expect(existsSync(own)).toBe(false);
  });
});

describe('rate limiting', () => {
  it('draws from a per-key budget, a stricter turn budget, with RateLimit-* headers and Retry-After', async () => {
    const t = await startTestServer({ API_KEYS: `alice:${ALICE},bob:${BOB}`, RATE_LIMIT_WINDOW_MS: '60000', RATE_LIMIT_MAX: '6', RATE_LIMIT_TURNS_MAX: '2' });
    try {
      const first = await t.api('/api/v1/sessions', as(ALICE));
      expect(first.headers.get('ratelimit-limit')).toBe('6');
      expect(first.headers.get('ratelimit-remaining')).toBe('5');
      expect(Number(first.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
      const s1 = (await (await t.api('/api/v1/sessions', as(ALICE, { json: {} }))).json()).session;
      const turn = await t.api(`/api/v1/sessions/${s1.id}/messages`, as(ALICE, { json: { prompt: 'x' } }));
      expect(turn.status).toBe(200);
      expect(turn.headers.get('ratelimit-limit')).toBe('2');
      const limited = await t.api(`/api/v1/sessions/${s1.id}/messages`, as(ALICE, { json: { prompt: 'y' } }));
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await limited.json()).error.code).toBe('RATE_LIMITED');
      // Other keys have their own budget.
      expect((await t.api('/api/v1/sessions', as(BOB))).status).toBe(200);
      for (let i = 0; i < 3; i++) await t.api('/api/v1/sessions', as(ALICE));
      const general = await t.api('/api/v1/sessions', as(ALICE));
      expect(general.status).toBe(429);
      expect(general.headers.get('ratelimit-remaining')).toBe('0');
    } finally {
      await t.close();
    }
  });

  it('counts failed authentication per client address', async () => {
    const t = await startTestServer({ API_KEYS: `alice:${ALICE}`, RATE_LIMIT_MAX: '3' });
    try {
      const codes: string[] = [];
      for (let i = 0; i < 5; i++) codes.push((await (await t.api('/api/v1/sessions', as(`sk-guess-${i}-000000000`))).json()).error.code);
      expect(codes).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'RATE_LIMITED', 'RATE_LIMITED']);
    } finally {
      await t.close();
    }
  });
});

describe('CORS and secure headers', () => {
  it('answers only allow-listed origins; nosniff on every reply, the browser set on the docs page', async () => {
    const t = await startTestServer({ CORS_ORIGINS: 'https://app.example.com' });
    try {
      const ok = await t.api('/api/v1/health', { headers: { origin: 'https://app.example.com' } });
      expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
      const other = await t.api('/api/v1/health', { headers: { origin: 'https://evil.example.com' } });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      // A JSON reply: its id and nosniff; the browser-page set belongs to the docs page.
      expect(ok.headers.get('x-content-type-options')).toBe('nosniff');
      expect(ok.headers.get('x-request-id')).toMatch(/^req_/);
      expect(ok.headers.get('x-frame-options')).toBeNull();
      const page = await t.api('/api/v1/docs');
      expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(page.headers.get('strict-transport-security')).toContain('max-age=');
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      const asset = await t.api('/api/v1/docs/assets/swagger-ui.css');
      expect(asset.status).toBe(200);
      expect(asset.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    } finally {
      await t.close();
    }
    const none = await s.api('/api/v1/health', { headers: { origin: 'https://app.example.com' } });
    expect(none.headers.get('access-control-allow-origin')).toBeNull();
  });
});
