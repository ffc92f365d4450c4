import http from 'node:http';
import { existsSync, readdirSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, waitFor, type TestServer } from '../support/harness.js';

// Generated hostile requests: each must get its exact 4xx code, never a 5xx, and leave the
// workspace root exactly as it was.

const KEY = 'sk-hostile-0123456789';
let s: TestServer;
let sid: string;
let fiveXX = 0;

beforeAll(async () => {
  s = await startTestServer({ API_KEYS: `alice:${KEY}`, RATE_LIMIT_ENABLED: 'false', BODY_LIMIT_BYTES: '65536', MAX_PROMPT_CHARS: '1000' });
  const res = await s.api('/api/v1/sessions', { json: { name: 'target' }, headers: { 'x-api-key': KEY } });
  sid = (await res.json()).session.id;
  // The new session's record is saved in the background: let it land before comparing snapshots.
  const sessions = path.join(s.config.stateDir, 'sessions');
  await waitFor(() => existsSync(path.join(sessions, `${sid}.json`)) && !readdirSync(sessions).some((n) => n.endsWith('.tmp')));
});
afterAll(async () => {
  await s.close();
});

interface Case {
  name: string;
  method: string;
  path: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
  status: number;
  code: string | null;
}

// Raw requests: paths and bodies reach the server byte for byte, as an attacker would send them.
function raw(c: Case): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  const url = new URL(s.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method: c.method, path: c.path, headers: { 'x-api-key': KEY, ...c.headers }, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
      },
    );
    req.on('error', reject);
    if (c.body !== undefined) req.end(c.body);
    else req.end();
  });
}

async function snapshot(dir: string, out = new Map<string, string>()): Promise<Map<string, string>> {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    const st = await stat(p);
    out.set(p, `${e.isDirectory() ? 'd' : 'f'}:${st.size}:${st.mtimeMs}`);
    if (e.isDirectory()) await snapshot(p, out);
  }
  return out;
}

const json = (v: unknown) => JSON.stringify(v);
const cases: Case[] = [];
const add = (c: Case) => cases.push(c);
const SESSION = () => sid;

// Built lazily: the target session id exists only after beforeAll.
function build(): Case[] {
  if (cases.length) return cases;
  const id = SESSION();
  const postRoutes = ['/api/v1/sessions', `/api/v1/sessions/${id}/messages`, '/sessions'];
  const malformed = ['{', '{"a":', '[', 'nul', "'single'", '{"prompt":"x",}', '\u0000', '{"prompt": NaN}', '{"prompt":"x"}}', '{"a":1 "b":2}', '{"prompt":"x"', '"unterminated'];
  for (const p of postRoutes) for (const b of malformed) add({ name: `malformed ${json(b)} → ${p}`, method: 'POST', path: p, body: b, status: 400, code: 'INVALID_JSON' });
  for (const p of postRoutes) add({ name: `invalid UTF-8 bytes → ${p}`, method: 'POST', path: p, body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), status: 400, code: 'INVALID_JSON' });

  const badCreate: Record<string, unknown[]> = {
    name: [123, true, null, [], {}, '', '   ', 'x'.repeat(201), 'a\u0000b', 'bell\u0007'],
    session_name: [5, null, ''],
    model: [1, null, '', 'gpt-4', '--dangerously-skip-permissions', 'sonnet\u0000', 'SONNET', 'sonnet ', '../opus'],
    permissionMode: ['bypassPermissions', 'root', '', 1, '--dangerously-skip-permissions', 'default\n'],
    initialPrompt: [1, null, '', '   ', 'x'.repeat(1001), ['a'], { text: 'a' }],
    initial_prompt: [false, ''],
    allowedTools: ['Write', [1], ['--help'], [''], ['Write,Bash'], ['Bash(rm -rf /'], ['a'.repeat(300)], Array(101).fill('Write'), ['Wr ite'], ['Write\n'], [null]],
    disallowedTools: [{}, ['-x'], ['Bash(x)(y)']],
    appendSystemPrompt: [1, null, 'x'.repeat(1001)],
    maxTurns: ['ten', -1, 0, 1.5, 1e9, null, true],
  };
  for (const [field, values] of Object.entries(badCreate)) {
    for (const v of values) {
      add({ name: `create ${field}=${json(v)?.slice(0, 40)}`, method: 'POST', path: '/api/v1/sessions', body: json({ [field]: v }), status: 400, code: 'VALIDATION_FAILED' });
    }
  }
  for (const b of [[], 'str', 42, null, true, { unknown: 1 }, { name: 'a', session_name: 'b' }, { initialPrompt: 'a', initial_prompt: 'b' }, { __proto__: { admin: true }, constructor: 1 }]) {
    add({ name: `create body ${json(b)}`, method: 'POST', path: '/api/v1/sessions', body: json(b), status: 400, code: 'VALIDATION_FAILED' });
  }

  const badMessage: unknown[] = [
    {}, { prompt: 1 }, { prompt: null }, { prompt: true }, { prompt: [] }, { prompt: {} }, { prompt: '' }, { prompt: ' \n\t ' },
    { prompt: 'x'.repeat(1001) }, { prompt: 'x', stream: 'yes' }, { prompt: 'x', stream: 1 }, { prompt: 'x', partial: 'true' },
    { prompt: 'x', cancelOnDisconnect: 'y' }, { prompt: 'x', extra: 1 }, { Prompt: 'x' }, [], 'x', 7,
  ];
  for (const b of badMessage) {
    add({ name: `message ${json(b)?.slice(0, 40)}`, method: 'POST', path: `/api/v1/sessions/${id}/messages`, body: json(b), status: 400, code: 'VALIDATION_FAILED' });
  }
  add({ name: 'body over BODY_LIMIT_BYTES', method: 'POST', path: '/api/v1/sessions', body: json({ name: 'x'.repeat(70_000) }), status: 413, code: 'PAYLOAD_TOO_LARGE' });
  add({ name: 'message over BODY_LIMIT_BYTES', method: 'POST', path: `/api/v1/sessions/${id}/messages`, body: json({ prompt: 'x'.repeat(70_000) }), status: 413, code: 'PAYLOAD_TOO_LARGE' });

  const badQueries = [
    '/api/v1/sessions?limit=-1', '/api/v1/sessions?limit=abc', '/api/v1/sessions?limit=201', '/api/v1/sessions?limit=1.5',
    '/api/v1/sessions?cursor=..%2F..%2Fetc', '/api/v1/sessions?cursor=%00', '/api/v1/sessions?foo=bar', '/api/v1/sessions?limit=1&limit=2',
    `/api/v1/sessions/${id}/stream`, `/api/v1/sessions/${id}/stream?prompt=`, `/api/v1/sessions/${id}/stream?prompt=x&partial=maybe`,
    `/api/v1/sessions/${id}/stream?prompt=x&prompt=y`, `/api/v1/sessions/${id}/stream?prompt=x&evil=1`,
    `/api/v1/sessions/${id}/stream?prompt=${'x'.repeat(1001)}`, `/api/v1/sessions/${id}/stream?prompt=%20%20`,
  ];
  for (const p of badQueries) add({ name: `query ${p.slice(0, 70)}`, method: 'GET', path: p, status: 400, code: 'VALIDATION_FAILED' });
  for (const q of ['keepWorkspace=yes', 'keepWorkspace=', 'force=true']) {
    add({ name: `delete ?${q}`, method: 'DELETE', path: `/api/v1/sessions/${id}?${q}`, status: 400, code: 'VALIDATION_FAILED' });
  }

  // Ids that are not ids: refused before any lookup or disk access.
  const badIds = [
    '..', '...', '%2e%2e', '%2e%2e%2f%2e%2e%2fetc', '..%2F..%2Fetc%2Fpasswd', '%252e%252e', 'abc%00def', '%00', 'a'.repeat(5000),
    'ABCDEFGHIJ0123456789', 'a'.repeat(19), 'a'.repeat(21), '%3Brm%20-rf%20%2F', '~root', '%5C..%5C..', '.env', 'CON',
    '0000000000000000000%C3%A9', '%E2%80%AEabcdefghij012345', 'null', 'undefined',
  ];
  const routesWithId = (x: string): Array<[string, string, string | undefined]> => [
    ['GET', `/api/v1/sessions/${x}`, undefined],
    ['DELETE', `/api/v1/sessions/${x}`, undefined],
    ['POST', `/api/v1/sessions/${x}/messages`, json({ prompt: 'hi' })],
    ['GET', `/api/v1/sessions/${x}/stream?prompt=hi`, undefined],
    ['POST', `/api/v1/sessions/${x}/interrupt`, undefined],
    ['GET', `/sessions/${x}`, undefined],
  ];
  for (const x of badIds) {
    for (const [method, p, body] of routesWithId(x)) {
      const normal = new URL(p, 'http://h').pathname;
      const sessionRoute = /^(\/api\/v1)?\/sessions\/[^/]+(\/(messages|stream|interrupt))?$/.test(normal);
      add({ name: `id ${x.slice(0, 30)} ${method} ${p.slice(0, 50)}`, method, path: p, body, status: 404, code: sessionRoute ? 'SESSION_NOT_FOUND' : 'NOT_FOUND' });
    }
  }
  // A path that exists with other methods is 405 (with Allow); one that does not is 404.
  for (const [method, p] of [['PUT', '/api/v1/sessions'], ['PUT', `/api/v1/sessions/${id}`], ['GET', `/api/v1/sessions/${id}/interrupt`], ['POST', '/api/v1/health']] as const) {
    add({ name: `wrong method ${method} ${p}`, method, path: p, status: 405, code: 'METHOD_NOT_ALLOWED' });
  }
  for (const [method, p] of [['GET', '/api/v1/../../etc/passwd'], ['GET', '/api/v2/sessions']] as const) {
    add({ name: `no route ${method} ${p}`, method, path: p, status: 404, code: 'NOT_FOUND' });
  }

  // Missing and wrong keys on every route (health stays public).
  const everyRoute: Array<[string, string, string | undefined]> = [
    ['GET', '/api/v1/sessions', undefined], ['POST', '/api/v1/sessions', json({})], ['GET', `/api/v1/sessions/${id}`, undefined],
    ['DELETE', `/api/v1/sessions/${id}`, undefined], ['POST', `/api/v1/sessions/${id}/messages`, json({ prompt: 'x' })],
    ['GET', `/api/v1/sessions/${id}/stream?prompt=x`, undefined], ['POST', `/api/v1/sessions/${id}/interrupt`, undefined],
    ['GET', '/api/v1/models', undefined], ['GET', '/sessions', undefined], ['POST', '/sessions', json({ initial_prompt: 'x' })],
    ['POST', `/sessions/${id}/messages`, json({ prompt: 'x' })], ['GET', '/api/v1/nothing', undefined],
  ];
  const badAuth: Array<[string, Record<string, string>]> = [
    ['no key', { 'x-api-key': '' }],
    ['wrong key', { 'x-api-key': 'sk-wrong-0123456789' }],
    ['key with a suffix', { 'x-api-key': `${KEY}x` }],
    ['key prefix', { 'x-api-key': KEY.slice(0, -1) }],
    ['bearer wrong', { 'x-api-key': '', authorization: 'Bearer sk-wrong-0123456789' }],
    ['basic scheme', { 'x-api-key': '', authorization: `Basic ${Buffer.from(`alice:${KEY}`).toString('base64')}` }],
    ['sql-ish key', { 'x-api-key': "' OR '1'='1" }],
  ];
  for (const [method, p, body] of everyRoute) {
    for (const [label, headers] of badAuth) {
      // An empty x-api-key counts as given-and-wrong; drop it to test "missing" for real.
      const h = { ...headers };
      if (h['x-api-key'] === '') h['x-api-key'] = label === 'no key' ? '' : h['x-api-key']!;
      add({ name: `${label} ${method} ${p.slice(0, 50)}`, method, path: p, body, headers: h, status: 401, code: 'UNAUTHENTICATED' });
    }
  }
  return cases;
}

describe('hostile input', () => {
  it('generates at least 200 cases', () => {
    expect(build().length).toBeGreaterThanOrEqual(200);
  });

  it('answers every case with its exact 4xx code, no 5xx, and changes nothing on disk', async () => {
    const failures: string[] = [];
    for (const c of build()) {
      const before = await snapshot(s.config.workspaceRoot);
      const res = await raw(c);
      if (res.status >= 500) fiveXX++;
      let code: string | null = null;
      try {
        code = JSON.parse(res.body).error?.code ?? null;
      } catch {
        code = `unparseable: ${res.body.slice(0, 80)}`;
      }
      const after = await snapshot(s.config.workspaceRoot);
      const changed = [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k));
      if (res.status !== c.status || code !== c.code || changed.length) {
        failures.push(`${c.name}: got ${res.status} ${code}${changed.length ? ` changed ${changed.join(',')}` : ''}, want ${c.status} ${c.code}`);
      }
    }
    console.log(`hostile input: ${cases.length} cases, ${fiveXX} 5xx, ${failures.length} mismatches`);
    expect(failures).toEqual([]);
    expect(fiveXX).toBe(0);
    // The target session was never touched.
    const target = await s.api(`/api/v1/sessions/${sid}`, { headers: { 'x-api-key': KEY } });
    expect((await target.json()).session.turnCount).toBe(0);
  });

  it('sanitises hostile X-Request-Id values instead of echoing them', async () => {
    for (const v of ['<script>alert(1)</script>', 'a'.repeat(200), '../../etc/passwd', 'id with spaces', '{"json":1}']) {
      const res = await raw({ name: 'rid', method: 'GET', path: '/api/v1/health', headers: { 'x-request-id': v }, status: 200, code: null });
      expect(res.status).toBe(200);
      expect(res.headers['x-request-id']).toMatch(/^req_[A-Za-z0-9_-]{16}$/);
    }
  });

  it('keeps flag-like text as text: prompts reach stdin, option values reach argv as one token', async () => {
    const headers = { 'x-api-key': KEY };
    const created = await s.api('/api/v1/sessions', { json: { appendSystemPrompt: '--dangerously-skip-permissions', name: '--help' }, headers });
    expect(created.status).toBe(201);
    const { id } = (await created.json()).session;
    for (const prompt of ['ARGV --dangerously-skip-permissions', 'ARGV -p --permission-mode bypassPermissions', 'ARGV --model opus; rm -rf /']) {
      const res = await s.api(`/api/v1/sessions/${id}/messages`, { json: { prompt }, headers });
      const argv: string[] = JSON.parse((await res.json()).response);
      expect(argv).not.toContain('--dangerously-skip-permissions');
      expect(argv).not.toContain('bypassPermissions');
      expect(argv).toContain('--append-system-prompt=--dangerously-skip-permissions');
      expect(argv.filter((a) => a === '--model')).toHaveLength(1);
    }
  });
});
