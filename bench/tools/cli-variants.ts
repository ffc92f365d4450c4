/**
 * Profiling aid (not part of `npm run bench`): four live CLIs in streaming-input mode against the
 * scripted model, turn by turn round robin, to see whether a flag, our child env or an HTTP hop in
 * front of the model changes a warm turn's latency (it did not: 46-50 ms medians each, 2026-12-02).
 *   node --import tsx bench/tools/cli-variants.ts
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startFakeAnthropic } from '../../tests/support/fake-anthropic.js';
const fake = await startFakeAnthropic();
const cli = path.resolve('node_modules/@anthropic-ai/claude-code/bin/claude.exe');
import http from 'node:http';
const proxy = http.createServer((req, res) => { const u = new URL(req.url!, fake.url); const up = http.request(u, { method: req.method, headers: { ...req.headers, host: u.host } }, (r) => { res.writeHead(r.statusCode!, r.headers); r.pipe(res); }); req.pipe(up); });
await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
const proxyUrl = `http://127.0.0.1:${(proxy.address() as any).port}`;
const ours = { CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1', DISABLE_AUTOUPDATER: '1', CLAUDE_CODE_MAX_RETRIES: '0', IS_SANDBOX: '1' };
const variants: Record<string, [string[], Record<string,string>]> = { base: [[], {}], ourenv: [[], ours], proxy: [[], { ANTHROPIC_BASE_URL: proxyUrl }], all: [['--include-partial-messages', '--permission-prompt-tool', 'stdio'], { ...ours, ANTHROPIC_BASE_URL: proxyUrl }] };
const procs: Record<string, { send: (p: string) => Promise<number> }> = {};
for (const [name, [extra, envx]] of Object.entries(variants)) {
  const home = mkdtempSync(path.join(tmpdir(), 'exp-'));
  const ws = mkdtempSync(path.join(tmpdir(), 'expws-'));
  const p = spawn(cli, ['-p', '--output-format', 'stream-json', '--verbose', '--input-format', 'stream-json', ...extra, '--model', 'sonnet', '--permission-mode', 'default'], { cwd: ws, env: { PATH: process.env.PATH!, HOME: home, CLAUDE_CONFIG_DIR: home, ANTHROPIC_BASE_URL: fake.url, ANTHROPIC_API_KEY: 'sk-test', ...envx }, stdio: ['pipe', 'pipe', 'inherit'] });
  let buf = ''; let waiter: ((t: number) => void) | null = null;
  p.stdout.on('data', (d) => { buf += d; let i; while ((i = buf.indexOf('\n')) >= 0) { const line = buf.slice(0, i); buf = buf.slice(i + 1); if (line.includes('"type":"result"')) waiter?.(performance.now()); } });
  procs[name] = { send: (prompt) => new Promise((res) => { const t0 = performance.now(); waiter = (t) => res(t - t0); p.stdin.write(JSON.stringify({ type: 'user', message: { role: 'user', content: [{ type: 'text', text: prompt }] }, parent_tool_use_id: null, session_id: '' }) + '\n'); }) };
}
const lat: Record<string, number[]> = {};
for (let i = 0; i < 25; i++) for (const name of Object.keys(variants)) { const ms = await procs[name]!.send(`hello ${i}`); if (i >= 3) (lat[name] ??= []).push(ms); }
for (const [n, a] of Object.entries(lat)) { a.sort((x, y) => x - y); console.log(n, 'median', a[a.length >> 1]!.toFixed(1), 'p90', a[Math.floor(a.length * 0.9)]!.toFixed(1)); }
process.exit(0);
