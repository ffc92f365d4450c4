import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { Header, type HeaderData } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/harness.js';

// Traversal and symlink escapes against every file endpoint: each attempt must be refused with a
// 4xx, no byte outside the workspace may be read, and nothing outside it may change or appear.

const SECRET = 'TOP SECRET: outside the workspace';
let s: TestServer;
let id: string;
let ws: string;
let outside: string;
const tally = { requests: 0, archives: 0 };

/** Every path under a directory with a digest of its content (links by target). */
function fingerprint(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(dir, rel))) {
      const r = rel ? `${rel}/${name}` : name;
      const abs = path.join(dir, r);
      const st = lstatSync(abs);
      if (st.isDirectory()) {
        out[r] = 'dir';
        walk(r);
      } else out[r] = st.isSymbolicLink() ? 'link' : createHash('sha256').update(readFileSync(abs)).digest('hex');
    }
  };
  walk('');
  return out;
}

let outsideBefore: Record<string, string>;
const passwdBefore = readFileSync('/etc/passwd', 'utf8');

beforeAll(async () => {
  s = await startTestServer({ RATE_LIMIT_ENABLED: 'false' });
  outside = path.join(s.root, 'outside');
  mkdirSync(path.join(outside, 'dir'), { recursive: true });
  writeFileSync(path.join(outside, 'secret.txt'), SECRET);
  writeFileSync(path.join(outside, 'dir', 'inner.txt'), SECRET);
  const res = await s.api('/api/v1/sessions', { json: {} });
  ({ id, workspace: ws } = (await res.json()).session);
  // What Claude could leave in its workspace.
  writeFileSync(path.join(ws, 'ok.txt'), 'fine');
  symlinkSync(path.join(outside, 'secret.txt'), path.join(ws, 'link-file'));
  symlinkSync(path.join(outside, 'dir'), path.join(ws, 'link-dir'));
  symlinkSync('../../outside/secret.txt', path.join(ws, 'rel-link'));
  symlinkSync('/etc/passwd', path.join(ws, 'passwd'));
  symlinkSync(path.join(outside, 'nothing-yet.txt'), path.join(ws, 'dangling'));
  symlinkSync('..', path.join(ws, 'up'));
  symlinkSync('ok.txt', path.join(ws, 'inside-link'));
  outsideBefore = fingerprint(outside);
});

afterAll(async () => {
  // Nothing outside changed, nothing new appeared next to the workspace, /etc/passwd intact.
  expect(fingerprint(outside)).toEqual(outsideBefore);
  expect(readFileSync('/etc/passwd', 'utf8')).toBe(passwdBefore);
  const escaped = readdirSync(s.root, { recursive: true }).map(String).filter((p) => /evil|pwned/.test(p) && !p.includes(id));
  expect(escaped).toEqual([]);
  console.log(`escape attempts refused: ${tally.requests} requests, ${tally.archives} crafted archives`);
  await s?.close();
});

const base = () => `/api/v1/sessions/${id}`;

async function refused(res: Response, what: string): Promise<string> {
  tally.requests++;
  const text = await res.text();
  expect(res.status, `${what} → ${res.status} ${text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
  expect(res.status, what).toBeLessThan(500);
  expect(text).not.toContain('TOP SECRET');
  expect(text).not.toContain('root:x:0:0');
  return JSON.parse(text).error.code as string;
}

// Raw query values: some pre-encoded on purpose, sent exactly as written.
const TRAVERSALS = [
  '..%2Foutside%2Fsecret.txt',
  '../outside/secret.txt',
  '../../outside/secret.txt',
  'sub/../../outside/secret.txt',
  '%2e%2e/outside/secret.txt',
  '%2E%2E%2F%2E%2E%2Foutside%2Fsecret.txt',
  '%252e%252e/outside/secret.txt',
  '%252e%252e%252foutside%252fsecret.txt',
  '..%5Coutside%5Csecret.txt',
  '..\\outside\\secret.txt',
  '%2Fetc%2Fpasswd',
  '/etc/passwd',
  'ok.txt%00.png',
  'ok.txt%00',
  '%00',
  '.%2F..%2F..%2Foutside',
  '..',
];

const SYMLINK_PATHS = ['link-file', 'link-dir', 'link-dir/inner.txt', 'link-dir/new-evil.txt', 'rel-link', 'passwd', 'dangling', 'up/.state', 'up', `up/${'x'.repeat(20)}/evil`];

describe('paths', () => {
  it('refuses traversal in every endpoint (.., encodings, absolute, NUL, backslashes)', async () => {
    // Plus the absolute path of the outside file, known once the temp root exists.
    const abs = encodeURIComponent(path.join(outside, 'secret.txt'));
    for (const p of [...TRAVERSALS, abs]) {
      const codes = [
        await refused(await s.api(`${base()}/files/content?path=${p}`), `GET content ${p}`),
        await refused(await s.api(`${base()}/files?path=${p}`), `GET files ${p}`),
        await refused(await s.api(`${base()}/files?recursive=true&path=${p}`), `GET files recursive ${p}`),
        await refused(await s.api(`${base()}/files/content?path=${p}%2Fevil.txt`, { method: 'PUT', body: 'pwned' }), `PUT ${p}/evil.txt`),
        await refused(await s.api(`${base()}/files?path=${p}`, { method: 'DELETE' }), `DELETE ${p}`),
        await refused(await s.api(`${base()}/files?path=${p}&recursive=true`, { method: 'DELETE' }), `DELETE -r ${p}`),
        await refused(await s.api(`${base()}/archive?path=${p}`), `GET archive ${p}`),
        await refused(await s.api(`${base()}/archive?path=${p}`, { method: 'POST', body: tarGz([file('evil.txt', 'pwned')]) }), `POST archive ${p}`),
        await refused(await s.api(`${base()}/files?dir=${p}`, { method: 'POST', body: form([['evil.txt', 'pwned']]) }), `POST files dir=${p}`),
      ];
      for (const c of codes) expect(['INVALID_PATH', 'FILE_NOT_FOUND', 'NOT_A_FILE', 'NOT_A_DIRECTORY', 'PATH_OUTSIDE_WORKSPACE']).toContain(c);
    }
  });

  it('never follows a symlink out: read, list, archive, write, upload, delete through one', async () => {
    for (const p of SYMLINK_PATHS) {
      const e = encodeURIComponent(p);
      await refused(await s.api(`${base()}/files/content?path=${e}`), `GET content ${p}`);
      await refused(await s.api(`${base()}/files/content?path=${e}`, { method: 'PUT', body: 'pwned' }), `PUT ${p}`);
      await refused(await s.api(`${base()}/files/content?path=${e}%2Fevil.txt`, { method: 'PUT', body: 'pwned' }), `PUT ${p}/evil.txt`);
      await refused(await s.api(`${base()}/files?dir=${e}`, { method: 'POST', body: form([['evil.txt', 'pwned']]) }), `POST files dir=${p}`);
      await refused(await s.api(`${base()}/files`, { method: 'POST', body: form([[`${p}/evil.txt`, 'pwned']]) }), `POST files ${p}/evil.txt`);
      await refused(await s.api(`${base()}/archive?path=${e}`, { method: 'POST', body: tarGz([file('evil.txt', 'pwned')]) }), `POST archive into ${p}`);
      if (p.includes('/')) {
        await refused(await s.api(`${base()}/files?path=${e}`), `GET files ${p}`);
        await refused(await s.api(`${base()}/archive?path=${e}`), `GET archive ${p}`);
        await refused(await s.api(`${base()}/files?path=${e}&recursive=true`, { method: 'DELETE' }), `DELETE ${p}`);
      }
    }
    for (const p of ['link-dir', 'up', 'passwd']) {
      await refused(await s.api(`${base()}/files?path=${p}`), `GET files ${p}`);
      await refused(await s.api(`${base()}/archive?path=${p}`), `GET archive ${p}`);
    }
    // A multipart part may not name an escape either.
    for (const name of ['../evil.txt', '/tmp/evil.txt', 'a/../../evil.txt', '..\\evil.txt']) {
      await refused(await s.api(`${base()}/files`, { method: 'POST', body: form([[name, 'pwned']]) }), `POST files part ${name}`);
    }
    const generic = new FormData();
    generic.append('file', new Blob(['pwned']), '../../evil.txt');
    await refused(await s.api(`${base()}/files`, { method: 'POST', body: generic }), 'POST files filename ../../evil.txt');
  });

  it('lists and archives symlinks as links, never their outside content', async () => {
    const list = await (await s.api(`${base()}/files?recursive=true`)).json();
    const types = Object.fromEntries(list.entries.map((e: { path: string; type: string }) => [e.path, e.type]));
    expect(types).toMatchObject({ 'link-file': 'symlink', 'link-dir': 'symlink', passwd: 'symlink', up: 'symlink', 'ok.txt': 'file' });
    expect(Object.keys(types).some((p) => p.startsWith('link-dir/') || p.startsWith('up/'))).toBe(false);
    const tgz = Buffer.from(await (await s.api(`${base()}/archive`)).arrayBuffer());
    const { entries, text } = await readTar(tgz);
    expect(text).not.toContain('TOP SECRET');
    expect(text).not.toContain('root:x:0:0');
    // Links out are left out; the inside one is kept as a link.
    expect(entries.sort()).toEqual(['SymbolicLink inside-link -> ok.txt', 'File ok.txt'].sort());
    // Inside links work as the files they point to.
    expect(await (await s.api(`${base()}/files/content?path=inside-link`)).text()).toBe('fine');
  });

  it('deletes a symlink itself, never what it points to', async () => {
    symlinkSync(path.join(outside, 'secret.txt'), path.join(ws, 'to-delete'));
    const res = await s.api(`${base()}/files?path=to-delete`, { method: 'DELETE' });
    expect(await res.json()).toEqual({ deleted: { path: 'to-delete', type: 'symlink' } });
    expect(existsSync(path.join(ws, 'to-delete'))).toBe(false);
    expect(readFileSync(path.join(outside, 'secret.txt'), 'utf8')).toBe(SECRET);
  });
});

// ---- crafted archives ----

type Entry = { header: HeaderData; body?: Buffer };
const file = (p: string, body: string): Entry => ({ header: { path: p, type: 'File', size: Buffer.byteLength(body), mode: 0o644 }, body: Buffer.from(body) });
const dir = (p: string): Entry => ({ header: { path: p, type: 'Directory', mode: 0o755 } });
const link = (p: string, target: string): Entry => ({ header: { path: p, type: 'SymbolicLink', linkpath: target, mode: 0o777 } });
const hard = (p: string, target: string): Entry => ({ header: { path: p, type: 'Link', linkpath: target, mode: 0o644 } });

/** Raw ustar blocks: no library sanitizes these paths on the way in. */
function tarGz(entries: Entry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const h = new Header({ mtime: new Date(), uid: 0, gid: 0, size: 0, ...e.header });
    h.encode();
    blocks.push(h.block!);
    if (e.body) blocks.push(e.body, Buffer.alloc((512 - (e.body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

function form(parts: Array<[string, string]>): FormData {
  const f = new FormData();
  for (const [name, body] of parts) f.append(name, new Blob([body]), 'f.bin');
  return f;
}

async function readTar(tgz: Buffer): Promise<{ entries: string[]; text: string }> {
  const { Parser } = await import('tar');
  const entries: string[] = [];
  let text = '';
  await new Promise<void>((resolve, reject) => {
    const p = new Parser({
      onReadEntry: (e) => {
        entries.push(e.type === 'SymbolicLink' ? `${e.type} ${e.path} -> ${e.linkpath}` : `${e.type} ${e.path}`);
        e.on('data', (c: Buffer) => (text += c.toString('latin1')));
      },
    });
    p.on('end', resolve);
    p.on('error', reject);
    p.end(tgz);
  });
  return { entries, text };
}

const CRAFTED: Array<[string, Entry[]]> = [
  ['../evil', [file('../evil.txt', 'pwned')]],
  ['a/../../evil', [file('a/../../evil.txt', 'pwned')]],
  ['absolute /abs', [file(`${'/tmp'}/evil-abs.txt`, 'pwned')]],
  ['absolute into outside', [file('/OUTSIDE/evil.txt', 'pwned')]],
  ['backslash ..\\evil', [file('..\\evil.txt', 'pwned')]],
  ['symlink to outside dir, then a file through it', [link('link', '/OUTSIDE'), file('link/evil.txt', 'pwned')]],
  ['relative symlink escaping', [link('rel', '../../outside'), file('rel/evil.txt', 'pwned')]],
  ['symlink to /etc/passwd', [link('pw', '/etc/passwd')]],
  ['symlink chain resolving out', [dir('a/'), link('a/b', '..'), link('x', 'a/b/..'), file('x/evil.txt', 'pwned')]],
  ['inside symlink, then a file through it', [dir('d/'), link('in', 'd'), file('in/evil.txt', 'pwned')]],
  ['hard link to an outside file (absolute)', [hard('hard', '/OUTSIDE/secret.txt')]],
  ['hard link to an outside file (relative)', [hard('hard2', '../../../outside/secret.txt')]],
  ['hard link inside the archive', [file('h1.txt', 'x'), hard('evil-h2', 'h1.txt')]],
  ['character device', [{ header: { path: 'evil-dev', type: 'CharacterDevice', devmaj: 1, devmin: 3, mode: 0o666 } }]],
  ['block device', [{ header: { path: 'evil-blk', type: 'BlockDevice', devmaj: 7, devmin: 0, mode: 0o666 } }]],
  ['FIFO', [{ header: { path: 'evil-fifo', type: 'FIFO', mode: 0o644 } }]],
  ['percent-encoded traversal', [file('%2e%2e/evil.txt', 'pwned')]],
  ['good entries, then a bad one (all or nothing)', [file('good-then-evil.txt', 'ok'), file('../evil.txt', 'pwned')]],
];

describe('archives', () => {
  it.each(CRAFTED)('refuses a tar.gz with %s, at POST /archive and at session creation', async (_name, entries) => {
    const resolved = entries.map((e) => ({
      ...e,
      header: { ...e.header, path: e.header.path?.replace('/OUTSIDE', outside), linkpath: e.header.linkpath?.replace('/OUTSIDE', outside) },
    }));
    const tgz = tarGz(resolved);
    const before = fingerprint(ws);
    const code = await refused(await s.api(`${base()}/archive`, { method: 'POST', body: tgz }), `POST archive ${_name}`);
    expect(code).toBe('INVALID_ARCHIVE');
    expect(fingerprint(ws)).toEqual(before);
    const sessionsBefore = readdirSync(s.config.workspaceRoot).length;
    const created = await refused(await s.api('/api/v1/sessions', { json: { archive: tgz.toString('base64') } }), `create with ${_name}`);
    expect(created).toBe('INVALID_ARCHIVE');
    expect(readdirSync(s.config.workspaceRoot).length).toBe(sessionsBefore);
    tally.archives++;
  });
});
