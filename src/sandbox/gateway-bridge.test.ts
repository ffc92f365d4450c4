import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BRIDGE_INSIDE, BRIDGE_PORT } from './bwrap-argv.js';
import { usrMountArgs } from './probe.js';
import { BRIDGE_BIN } from './select.js';

const ROOT = path.resolve(path.dirname(BRIDGE_BIN), '..', '..');

// What runs inside the sandbox, behind the bridge: requests a real HTTP client makes to the gateway.
const CLIENT = `
import http from 'node:http';
import { createHash } from 'node:crypto';
const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
const ask = (method, p, body) => new Promise((resolve, reject) => {
  const req = http.request({ host: '127.0.0.1', port: ${BRIDGE_PORT}, method, path: p, agent }, (res) => {
    const chunks = [];
    res.on('data', (c) => chunks.push(c));
    res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }));
    res.on('error', reject);
  });
  req.on('error', reject);
  req.end(body);
});
const out = {};
const big = Buffer.alloc(3 * 1024 * 1024 + 17, 7).map((_, i) => (i * 31) & 255);
const echoed = JSON.parse((await ask('POST', '/echo', big)).body);
out.upload = echoed.bytes === big.length && echoed.sha256 === createHash('sha256').update(big).digest('hex');
const streams = await Promise.all(Array.from({ length: 20 }, (_, k) => ask('GET', '/stream?k=' + k)));
out.streams = streams.every((r, k) => r.body.toString() === Array.from({ length: 300 }, (_, i) => 'data: ' + k + '.' + i + '\\n\\n').join(''));
out.cut = await ask('GET', '/cut').then(() => 'answered', (e) => e.code);
out.after = (await ask('POST', '/echo', 'x')).status;
console.log(JSON.stringify(out));
agent.destroy();
`;

// A client that sends, half-closes, and reads the reply its peer sends only after that end.
const CLIENT_HALF_CLOSE = `
import net from 'node:net';
const s = net.connect(${BRIDGE_PORT}, '127.0.0.1', () => s.end('ping'.repeat(50000)));
let got = '';
s.on('data', (d) => (got += d));
s.on('close', () => console.log(JSON.stringify({ bytes: got.length, head: got.slice(0, 9), tail: got.slice(-4) })));
`;

const CLIENT_NO_GATEWAY = `
import http from 'node:http';
const tries = await Promise.all([1, 2, 3].map(() => new Promise((resolve) => {
  http.get({ host: '127.0.0.1', port: ${BRIDGE_PORT}, path: '/' }, () => resolve('answered')).on('error', (e) => resolve(e.code));
})));
console.log(JSON.stringify(tries));
`;

let dir: string;
let server: http.Server;
let raw: net.Server;

beforeAll(async () => {
  // Built by `npm install` (scripts/build-spawner.mjs); built here too, so the suite never skips it.
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-spawner.mjs')], { stdio: 'inherit' });
  dir = mkdtempSync(path.join(os.tmpdir(), 'cca-bridge-test-'));
  writeFileSync(path.join(dir, 'client.mjs'), CLIENT);
  writeFileSync(path.join(dir, 'client-no-gateway.mjs'), CLIENT_NO_GATEWAY);
  writeFileSync(path.join(dir, 'client-half-close.mjs'), CLIENT_HALF_CLOSE);
  // Answers only once the request has ended, in many writes: a half-close must reach it, and the reply come back.
  raw = net.createServer({ allowHalfOpen: true }, (sock) => {
    let n = 0;
    sock.on('data', (d: Buffer) => (n += d.length));
    sock.on('end', () => {
      sock.write(`received:${n};`);
      let i = 0;
      const next = () => (i++ < 200 ? sock.write('x'.repeat(1000), () => setImmediate(next)) : sock.end('done'));
      next();
    });
  });
  raw.listen(path.join(dir, 'raw.sock'));
  await once(raw, 'listening');
  server = http.createServer((req, res) => {
    if (req.url === '/echo') {
      const hash = createHash('sha256');
      let bytes = 0;
      req.on('data', (c: Buffer) => {
        hash.update(c);
        bytes += c.length;
      });
      req.on('end', () => res.end(JSON.stringify({ bytes, sha256: hash.digest('hex') })));
    } else if (req.url?.startsWith('/stream')) {
      // Many small writes spread over event-loop turns, as an SSE reply comes.
      const k = new URL(req.url, 'http://x').searchParams.get('k');
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      let i = 0;
      const next = () => {
        if (i === 300) return void res.end();
        res.write(`data: ${k}.${i++}\n\n`);
        setImmediate(next);
      };
      next();
    } else if (req.url === '/cut') {
      req.socket.destroy();
    } else res.end('ok');
  });
  server.listen(path.join(dir, 'gw.sock'));
  await once(server, 'listening');
});

afterAll(() => {
  server?.close();
  raw?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The bridge as a sandbox runs it: its own network namespace, the gateway socket bound in. */
async function inSandbox(script: string, socket: string): Promise<{ code: number | null; out: string; err: string }> {
  const args = ['--unshare-all', '--unshare-user', '--as-pid-1', '--uid', '1000', '--gid', '1000', ...usrMountArgs()];
  const nodeDir = path.dirname(process.execPath);
  if (!nodeDir.startsWith('/usr/')) args.push('--ro-bind', nodeDir, nodeDir);
  args.push('--dev', '/dev', '--proc', '/proc', '--dir', '/run', '--bind', dir, '/run/cca', '--ro-bind', BRIDGE_BIN, BRIDGE_INSIDE);
  args.push('--', BRIDGE_INSIDE, String(BRIDGE_PORT), socket, '--', process.execPath, `/run/cca/${script}`);
  const child = spawn('bwrap', args, { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: '/usr/bin:/bin' } });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, out, err };
}

describe('cca-bridge (native/gateway-bridge.c)', () => {
  it('relays a 3 MiB upload, 20 concurrent streamed replies, a reply cut by the gateway, and keeps going', async () => {
    const r = await inSandbox('client.mjs', '/run/cca/gw.sock');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ upload: true, streams: true, cut: 'ECONNRESET', after: 200 });
  });

  it('carries a half-close to the gateway, and the reply sent after it back', async () => {
    const r = await inSandbox('client-half-close.mjs', '/run/cca/raw.sock');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ bytes: 'received:200000;'.length + 200 * 1000 + 4, head: 'received:', tail: 'done' });
  });

  it('refuses connections while the gateway socket is missing, and the command still runs to its end', async () => {
    const r = await inSandbox('client-no-gateway.mjs', '/run/cca/none.sock');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual(['ECONNRESET', 'ECONNRESET', 'ECONNRESET']);
  });

  it('exits 125 and runs nothing when it cannot listen', async () => {
    const holder = net.createServer().listen(0, '127.0.0.1');
    await once(holder, 'listening');
    const port = (holder.address() as AddressInfo).port;
    try {
      const child = spawn(BRIDGE_BIN, [String(port), '/nonexistent.sock', '--', '/bin/echo', 'RAN'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let all = '';
      child.stdout.on('data', (d: Buffer) => (all += d.toString()));
      child.stderr.on('data', (d: Buffer) => (all += d.toString()));
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).toBe(125);
      expect(all).toMatch(/the gateway bridge did not start: bind: Address already in use/);
      expect(all).not.toContain('RAN');
    } finally {
      holder.close();
    }
  });

  it('refuses a wrong command line', () => {
    expect(() => execFileSync(BRIDGE_BIN, ['41999', '/x.sock', 'echo'], { stdio: 'pipe' })).toThrow(/usage: cca-bridge/);
  });
});
