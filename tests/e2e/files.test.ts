import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, waitFor, type TestServer } from '../support/harness.js';

// The workspace files API end to end, on real files in a temp root, with the fixture CLI.

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ MAX_LIST_ENTRIES: '50', RATE_LIMIT_ENABLED: 'false' });
});
afterAll(async () => {
  await s?.close();
});

async function newSession(t: TestServer = s, body: unknown = {}) {
  const res = await t.api('/api/v1/sessions', { json: body });
  expect(res.status).toBe(201);
  return (await res.json()).session as { id: string; workspace: string };
}
const q = encodeURIComponent;
const put = (id: string, p: string, body: NonNullable<RequestInit['body']>, headers: Record<string, string> = {}, t = s) =>
  t.api(`/api/v1/sessions/${id}/files/content?path=${q(p)}`, { method: 'PUT', body, headers });
const get = (id: string, p: string, headers: Record<string, string> = {}, t = s) => t.api(`/api/v1/sessions/${id}/files/content?path=${q(p)}`, { headers });
const errorCode = async (res: Response) => (await res.json()).error?.code;

/** Every entry under a directory: type, and content or link target, for byte-for-byte comparison. */
function tree(dir: string, rel = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(path.join(dir, rel)).sort()) {
    const r = rel ? `${rel}/${name}` : name;
    const st = lstatSync(path.join(dir, r));
    if (st.isSymbolicLink()) out[r] = `link:${readlinkSync(path.join(dir, r))}`;
    else if (st.isDirectory()) Object.assign(out, { [r]: 'dir' }, tree(dir, r));
    else out[r] = `file:${readFileSync(path.join(dir, r)).toString('base64')}`;
  }
  return out;
}

describe('upload and download', () => {
  it('round-trips a text file with type, length and validators; HEAD sends no body', async () => {
    const { id, workspace } = await newSession();
    const res = await put(id, 'docs/readme.md', '# hello\n');
    expect(res.status).toBe(201);
    const { entry } = await res.json();
    expect(entry).toMatchObject({ path: 'docs/readme.md', type: 'file', size: 8, etag: res.headers.get('etag') });
    expect(readFileSync(path.join(workspace, 'docs/readme.md'), 'utf8')).toBe('# hello\n');
    const dl = await get(id, 'docs/readme.md');
    expect(dl.status).toBe(200);
    expect(dl.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(dl.headers.get('content-length')).toBe('8');
    expect(dl.headers.get('etag')).toBe(entry.etag);
    expect(dl.headers.get('last-modified')).toEqual(expect.any(String));
    expect(dl.headers.get('content-disposition')).toContain('attachment; filename="readme.md"');
    expect(await dl.text()).toBe('# hello\n');
    const head = await s.api(`/api/v1/sessions/${id}/files/content?path=docs/readme.md`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('8');
    expect(await head.text()).toBe('');
    const again = await put(id, 'docs/readme.md', 'v2');
    expect(again.status).toBe(200);
    expect(again.headers.get('etag')).not.toBe(entry.etag);
  });

  it('round-trips 3 MiB of random bytes byte for byte, at both prefixes', async () => {
    const { id, workspace } = await newSession();
    const bytes = randomBytes(3 * 1024 * 1024);
    expect((await put(id, 'bin/blob.bin', bytes)).status).toBe(201);
    expect(readFileSync(path.join(workspace, 'bin/blob.bin')).equals(bytes)).toBe(true);
    for (const prefix of ['/api/v1', '']) {
      const dl = await s.api(`${prefix}/sessions/${id}/files/content?path=bin/blob.bin`);
      expect(dl.headers.get('content-type')).toBe('application/octet-stream');
      expect(Buffer.from(await dl.arrayBuffer()).equals(bytes)).toBe(true);
    }
  });

  it('serves byte ranges: first bytes, suffix, open-ended, unsatisfiable', async () => {
    const { id } = await newSession();
    const bytes = randomBytes(10_000);
    await put(id, 'r.bin', bytes);
    const range = async (r: string) => {
      const res = await get(id, 'r.bin', { range: r });
      return { status: res.status, cr: res.headers.get('content-range'), len: res.headers.get('content-length'), body: Buffer.from(await res.arrayBuffer()) };
    };
    const first = await range('bytes=0-99');
    expect(first).toMatchObject({ status: 206, cr: 'bytes 0-99/10000', len: '100' });
    expect(first.body.equals(bytes.subarray(0, 100))).toBe(true);
    const suffix = await range('bytes=-500');
    expect(suffix).toMatchObject({ status: 206, cr: 'bytes 9500-9999/10000' });
    expect(suffix.body.equals(bytes.subarray(9500))).toBe(true);
    const open = await range('bytes=9000-');
    expect(open.body.equals(bytes.subarray(9000))).toBe(true);
    const bad = await get(id, 'r.bin', { range: 'bytes=20000-' });
    expect(bad.status).toBe(416);
    expect(bad.headers.get('content-range')).toBe('bytes */10000');
    expect(await errorCode(bad)).toBe('RANGE_NOT_SATISFIABLE');
    const multi = await range('bytes=0-1,5-6');
    expect(multi.status).toBe(200);
    expect(multi.body.equals(bytes)).toBe(true);
  });

  it('honours ETags: 304, If-Match 412/200, If-None-Match: * creates only', async () => {
    const { id } = await newSession();
    const etag = (await put(id, 'c.txt', 'one')).headers.get('etag')!;
    expect((await get(id, 'c.txt', { 'if-none-match': etag })).status).toBe(304);
    expect((await get(id, 'c.txt', { 'if-none-match': '"other"' })).status).toBe(200);
    const stale = await put(id, 'c.txt', 'two', { 'if-match': '"stale"' });
    expect(stale.status).toBe(412);
    expect(await errorCode(stale)).toBe('PRECONDITION_FAILED');
    expect(await (await get(id, 'c.txt')).text()).toBe('one');
    const ok = await put(id, 'c.txt', 'two', { 'if-match': etag });
    expect(ok.status).toBe(200);
    expect((await put(id, 'c.txt', 'three', { 'if-match': etag })).status).toBe(412);
    expect((await put(id, 'c.txt', 'x', { 'if-none-match': '*' })).status).toBe(412);
    expect((await put(id, 'fresh.txt', 'x', { 'if-none-match': '*' })).status).toBe(201);
    expect((await put(id, 'missing.txt', 'x', { 'if-match': '*' })).status).toBe(412);
    expect(existsSync(path.join(s.config.workspaceRoot, id, 'missing.txt'))).toBe(false);
  });

  it('uploads several files with multipart/form-data (field name or filename as path, dir as base)', async () => {
    const { id, workspace } = await newSession();
    const form = new FormData();
    form.append('dir', 'up');
    form.append('src/main.py', new Blob(['print(1)\n']), 'ignored.py');
    form.append('file', new Blob([randomBytes(2048)]), 'data.bin');
    form.append('files', new Blob(['n']), 'nested/note.txt');
    const res = await s.api(`/api/v1/sessions/${id}/files`, { method: 'POST', body: form });
    expect(res.status).toBe(201);
    const { entries } = await res.json();
    expect(entries.map((e: { path: string }) => e.path).sort()).toEqual(['up/data.bin', 'up/nested/note.txt', 'up/src/main.py']);
    expect(entries.every((e: { etag: string }) => /^".+"$/.test(e.etag))).toBe(true);
    expect(readFileSync(path.join(workspace, 'up/src/main.py'), 'utf8')).toBe('print(1)\n');
    const viaQuery = new FormData();
    viaQuery.append('a.txt', new Blob(['a']), 'a.txt');
    expect((await s.api(`/api/v1/sessions/${id}/files?dir=q`, { method: 'POST', body: viaQuery })).status).toBe(201);
    expect(readFileSync(path.join(workspace, 'q/a.txt'), 'utf8')).toBe('a');
    const dup = new FormData();
    dup.append('same.txt', new Blob(['1']), 'x');
    dup.append('same.txt', new Blob(['2']), 'x');
    const dupRes = await s.api(`/api/v1/sessions/${id}/files`, { method: 'POST', body: dup });
    expect(dupRes.status).toBe(409);
    expect(existsSync(path.join(workspace, 'same.txt'))).toBe(false);
    const notForm = await s.api(`/api/v1/sessions/${id}/files`, { method: 'POST', body: 'x', headers: { 'content-type': 'text/plain' } });
    expect(await errorCode(notForm)).toBe('VALIDATION_FAILED');
  });

  it('answers FILE_NOT_FOUND, NOT_A_FILE, NOT_A_DIRECTORY and a missing path clearly', async () => {
    const { id } = await newSession();
    await put(id, 'd/f.txt', 'f');
    expect(await errorCode(await get(id, 'nope.txt'))).toBe('FILE_NOT_FOUND');
    expect(await errorCode(await get(id, 'd'))).toBe('NOT_A_FILE');
    expect(await errorCode(await s.api(`/api/v1/sessions/${id}/files?path=d/f.txt`))).toBe('NOT_A_DIRECTORY');
    expect(await errorCode(await s.api(`/api/v1/sessions/${id}/files/content`))).toBe('VALIDATION_FAILED');
    expect(await errorCode(await put(id, 'd', 'x'))).toBe('PATH_CONFLICT');
    expect(await errorCode(await put(id, 'd/f.txt/x', 'x'))).toBe('PATH_CONFLICT');
  });
});

describe('listing', () => {
  it('lists hidden files, paginates in a stable order, and resumes inside directories', async () => {
    const { id, workspace } = await newSession();
    for (const f of ['.env', 'a.txt', 'b/1.txt', 'b/2.txt', 'b/c/deep.txt', 'z.txt', 'a.b/x']) {
      mkdirSync(path.dirname(path.join(workspace, f)), { recursive: true });
      writeFileSync(path.join(workspace, f), f);
    }
    symlinkSync('a.txt', path.join(workspace, 'link'));
    const all = await (await s.api(`/api/v1/sessions/${id}/files?recursive=true`)).json();
    expect(all.nextCursor).toBeNull();
    const paths = all.entries.map((e: { path: string }) => e.path);
    expect(paths).toEqual(['.env', 'a.b', 'a.b/x', 'a.txt', 'b', 'b/1.txt', 'b/2.txt', 'b/c', 'b/c/deep.txt', 'link', 'z.txt']);
    expect(all.entries.find((e: { path: string }) => e.path === 'link').type).toBe('symlink');
    expect(all.entries.find((e: { path: string }) => e.path === 'b').type).toBe('dir');
    const paged: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/v1/sessions/${id}/files?recursive=true&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page: { entries: { path: string }[]; nextCursor: string | null } = await (await s.api(url)).json();
      paged.push(...page.entries.map((e) => e.path));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(paged).toEqual(paths);
    expect(pages).toBe(6);
    const top = await (await s.api(`/api/v1/sessions/${id}/files`)).json();
    expect(top.entries.map((e: { path: string }) => e.path)).toEqual(['.env', 'a.b', 'a.txt', 'b', 'link', 'z.txt']);
    const sub = await (await s.api(`/api/v1/sessions/${id}/files?path=b`)).json();
    expect(sub.entries.map((e: { path: string }) => e.path)).toEqual(['b/1.txt', 'b/2.txt', 'b/c']);
    expect((await s.api(`/api/v1/sessions/${id}/files?limit=51`)).status).toBe(400);
    expect(await errorCode(await s.api(`/api/v1/sessions/${id}/files?cursor=Li4v`))).toBe('VALIDATION_FAILED');
    expect(await errorCode(await s.api(`/api/v1/sessions/${id}/files?bogus=1`))).toBe('VALIDATION_FAILED');
  });
});

describe('delete', () => {
  it('deletes files and (recursively) directories, never the root', async () => {
    const { id, workspace } = await newSession();
    await put(id, 'keep/a.txt', 'a');
    await put(id, 'keep/b.txt', 'b');
    const del = (p: string, extra = '') => s.api(`/api/v1/sessions/${id}/files?path=${q(p)}${extra}`, { method: 'DELETE' });
    expect(await (await del('keep/a.txt')).json()).toEqual({ deleted: { path: 'keep/a.txt', type: 'file' } });
    expect(await errorCode(await del('keep'))).toBe('DIRECTORY_NOT_EMPTY');
    expect((await del('keep', '&recursive=true')).status).toBe(200);
    expect(existsSync(path.join(workspace, 'keep'))).toBe(false);
    expect(await errorCode(await del('keep'))).toBe('FILE_NOT_FOUND');
    for (const root of ['', '.', './']) expect(await errorCode(await del(root, '&recursive=true'))).toBe('INVALID_PATH');
    expect(existsSync(workspace)).toBe(true);
  });
});

describe('archives', () => {
  it('round-trips a workspace through GET and POST /archive, byte for byte', async () => {
    const a = await newSession();
    const w = a.workspace;
    mkdirSync(path.join(w, 'src/lib'), { recursive: true });
    mkdirSync(path.join(w, 'empty'));
    writeFileSync(path.join(w, 'src/lib/x.ts'), 'export const x = 1;\n');
    writeFileSync(path.join(w, '.gitignore'), 'node_modules\n');
    writeFileSync(path.join(w, 'blob.bin'), randomBytes(300_000));
    writeFileSync(path.join(w, `${'long-name-'.repeat(12)}.txt`), 'pax header needed');
    symlinkSync('src/lib/x.ts', path.join(w, 'x-link'));
    const dl = await s.api(`/api/v1/sessions/${a.id}/archive`);
    expect(dl.status).toBe(200);
    expect(dl.headers.get('content-type')).toBe('application/gzip');
    expect(dl.headers.get('content-disposition')).toContain(`${a.id}.tar.gz`);
    const tgz = Buffer.from(await dl.arrayBuffer());
    expect(tgz.subarray(0, 2).toString('hex')).toBe('1f8b');

    const b = await newSession();
    const up = await s.api(`/api/v1/sessions/${b.id}/archive`, { method: 'POST', body: tgz });
    expect(up.status).toBe(201);
    expect((await up.json()).count).toBe(5);
    expect(tree(b.workspace)).toEqual(tree(w));

    // The same archive seeds a session at creation (base64 field), and unpacks under ?path=.
    const c = await newSession(s, { archive: tgz.toString('base64') });
    expect(tree(c.workspace)).toEqual(tree(w));
    expect((await s.api(`/api/v1/sessions/${c.id}/archive?path=copy`, { method: 'POST', body: tgz })).status).toBe(201);
    expect(tree(path.join(c.workspace, 'copy'))).toEqual(tree(w));

    const sub = await s.api(`/api/v1/sessions/${a.id}/archive?path=src`);
    const d = await newSession();
    await s.api(`/api/v1/sessions/${d.id}/archive`, { method: 'POST', body: Buffer.from(await sub.arrayBuffer()) });
    expect(tree(d.workspace)).toEqual(tree(path.join(w, 'src')));
  });

  it('refuses a body that is not an archive, and a bad base64 field, leaving nothing', async () => {
    const { id, workspace } = await newSession();
    const res = await s.api(`/api/v1/sessions/${id}/archive`, { method: 'POST', body: randomBytes(5000) });
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe('INVALID_ARCHIVE');
    expect(readdirSync(workspace)).toEqual([]);
    const before = (await (await s.api('/api/v1/sessions?limit=200')).json()).sessions.length;
    expect(await errorCode(await s.api('/api/v1/sessions', { json: { archive: '!!not base64' } }))).toBe('VALIDATION_FAILED');
    const notTar = await s.api('/api/v1/sessions', { json: { archive: randomBytes(100).toString('base64') } });
    expect(await errorCode(notTar)).toBe('INVALID_ARCHIVE');
    expect((await (await s.api('/api/v1/sessions?limit=200')).json()).sessions.length).toBe(before);
  });
});

describe('turns own the workspace', () => {
  it('refuses every write with 409 SESSION_BUSY while a turn runs; reads still work', async () => {
    const { id, workspace } = await newSession();
    await put(id, 'f.txt', 'before');
    const tgz = Buffer.from(await (await s.api(`/api/v1/sessions/${id}/archive`)).arrayBuffer());
    const turn = s.api(`/api/v1/sessions/${id}/messages`, { json: { prompt: 'SLOW 20 100' } });
    await waitFor(async () => (await (await s.api(`/api/v1/sessions/${id}`)).json()).session.status === 'running');
    const form = new FormData();
    form.append('g.txt', new Blob(['g']), 'g.txt');
    const writes = [
      await put(id, 'f.txt', 'during'),
      await s.api(`/api/v1/sessions/${id}/files`, { method: 'POST', body: form }),
      await s.api(`/api/v1/sessions/${id}/files?path=f.txt`, { method: 'DELETE' }),
      await s.api(`/api/v1/sessions/${id}/archive`, { method: 'POST', body: tgz }),
    ];
    for (const res of writes) {
      expect(res.status).toBe(409);
      expect(await errorCode(res)).toBe('SESSION_BUSY');
    }
    expect(await (await get(id, 'f.txt')).text()).toBe('before');
    expect((await s.api(`/api/v1/sessions/${id}/files`)).status).toBe(200);
    expect((await s.api(`/api/v1/sessions/${id}/archive`)).status).toBe(200);
    expect(readFileSync(path.join(workspace, 'f.txt'), 'utf8')).toBe('before');
    await s.api(`/api/v1/sessions/${id}/interrupt`, { method: 'POST' });
    await turn;
    expect((await put(id, 'f.txt', 'after')).status).toBe(200);
  });
});

describe('limits', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ MAX_UPLOAD_BYTES: String(1024 * 1024), WORKSPACE_MAX_BYTES: String(2 * 1024 * 1024), RATE_LIMIT_ENABLED: 'false' });
  });
  afterAll(async () => {
    await t?.close();
  });
  const contents = (dir: string) => tree(dir);

  it('refuses an upload over MAX_UPLOAD_BYTES, declared or streamed, leaving nothing', async () => {
    const { id, workspace } = await newSession(t);
    const declared = await put(id, 'big.bin', randomBytes(1024 * 1024 + 1), {}, t);
    expect(declared.status).toBe(413);
    expect(await errorCode(declared)).toBe('PAYLOAD_TOO_LARGE');
    // No Content-Length: a chunked stream, cut off while it is read.
    const chunks = [randomBytes(600_000), randomBytes(600_000)];
    const body = new ReadableStream({
      pull(ctrl) {
        const next = chunks.shift();
        if (next) ctrl.enqueue(next);
        else ctrl.close();
      },
    });
    const streamed = await t.api(`/api/v1/sessions/${id}/files/content?path=big.bin`, { method: 'PUT', body, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await errorCode(streamed)).toBe('PAYLOAD_TOO_LARGE');
    expect(readdirSync(workspace)).toEqual([]);
    // The JSON routes keep BODY_LIMIT_BYTES.
    expect((await t.api('/api/v1/sessions', { method: 'POST', body: JSON.stringify({ name: 'x'.repeat(1_100_000) }) })).status).toBe(413);
  });

  it('refuses what would pass WORKSPACE_MAX_BYTES (413 WORKSPACE_FULL), leaving nothing; replacing counts back', async () => {
    const { id, workspace } = await newSession(t);
    expect((await put(id, 'one.bin', randomBytes(900_000), {}, t)).status).toBe(201);
    expect((await put(id, 'two.bin', randomBytes(900_000), {}, t)).status).toBe(201);
    const before = contents(workspace);
    const full = await put(id, 'three.bin', randomBytes(900_000), {}, t);
    expect(full.status).toBe(413);
    expect(await errorCode(full)).toBe('WORKSPACE_FULL');
    const form = new FormData();
    form.append('m1.bin', new Blob([randomBytes(200_000)]), 'm1.bin');
    form.append('m2.bin', new Blob([randomBytes(200_000)]), 'm2.bin');
    expect(await errorCode(await t.api(`/api/v1/sessions/${id}/files`, { method: 'POST', body: form }))).toBe('WORKSPACE_FULL');
    expect(contents(workspace)).toEqual(before);
    // Replacing one.bin frees its 900 000 bytes first.
    expect((await put(id, 'one.bin', randomBytes(950_000), {}, t)).status).toBe(200);

    // An archive that unpacks past the quota (well compressed, so under MAX_UPLOAD_BYTES).
    const src = await newSession(t);
    writeFileSync(path.join(src.workspace, 'zeros.bin'), Buffer.alloc(1_500_000));
    const tgz = Buffer.from(await (await t.api(`/api/v1/sessions/${src.id}/archive`)).arrayBuffer());
    expect(tgz.length).toBeLessThan(100_000);
    const snapshot = contents(workspace);
    const arch = await t.api(`/api/v1/sessions/${id}/archive`, { method: 'POST', body: tgz });
    expect(await errorCode(arch)).toBe('WORKSPACE_FULL');
    expect(contents(workspace)).toEqual(snapshot);
  });
});

describe('tenancy', () => {
  it("answers 404 SESSION_NOT_FOUND for another key's session on every file route", async () => {
    const ALICE = 'sk-alice-files-0123456789';
    const BOB = 'sk-bob-files-0123456789';
    const t = await startTestServer({ API_KEYS: `alice:${ALICE},bob:${BOB}`, RATE_LIMIT_ENABLED: 'false' });
    try {
      const res = await t.api('/api/v1/sessions', { json: {}, headers: { 'x-api-key': ALICE } });
      const { id, workspace } = (await res.json()).session;
      const up = await t.api(`/api/v1/sessions/${id}/files/content?path=mine.txt`, { method: 'PUT', body: 'alice', headers: { 'x-api-key': ALICE } });
      expect(up.status).toBe(201);
      const form = new FormData();
      form.append('x.txt', new Blob(['x']), 'x.txt');
      const attempts: Array<[string, string, RequestInit['body']]> = [
        ['GET', 'files', undefined],
        ['GET', 'files/content?path=mine.txt', undefined],
        ['PUT', 'files/content?path=mine.txt', 'bob'],
        ['POST', 'files', form],
        ['DELETE', 'files?path=mine.txt', undefined],
        ['GET', 'archive', undefined],
        ['POST', 'archive', Buffer.alloc(10)],
      ];
      for (const [method, p, body] of attempts) {
        const r = await t.api(`/api/v1/sessions/${id}/${p}`, { method, body, headers: { 'x-api-key': BOB } });
        expect(r.status, `${method} ${p}`).toBe(404);
        expect(await errorCode(r)).toBe('SESSION_NOT_FOUND');
      }
      expect(readFileSync(path.join(workspace, 'mine.txt'), 'utf8')).toBe('alice');
      expect((await t.api(`/api/v1/sessions/${id}/files/content?path=mine.txt`)).status).toBe(401);
    } finally {
      await t.close();
    }
  });
});
