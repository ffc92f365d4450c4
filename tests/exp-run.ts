import net from 'node:net';
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { startFakeAnthropic } from './support/fake-anthropic.js';
async function main(){ const model = await startFakeAnthropic();
const port = new URL(model.url).port;
const base = '/tmp/exp/s1'; rmSync(base, {recursive:true, force:true});
for (const d of ['ws','home/.claude','tmp','run']) mkdirSync(`${base}/${d}`, {recursive:true});
const sock = `${base}/run/gw.sock`;
net.createServer((c) => { const u = net.connect(Number(port), '127.0.0.1'); c.pipe(u); u.pipe(c); c.on('error',()=>{}); u.on('error',()=>{}); }).listen(sock);
const bin = '/work/main/node_modules/@anthropic-ai/claude-code/bin';
const args = ['--unshare-all', '--die-with-parent', '--uid', '1000', '--gid', '1000', '--hostname', 'sandbox',
 '--ro-bind', '/usr', '/usr', '--symlink', 'usr/bin', '/bin', '--symlink', 'usr/lib', '/lib', '--symlink', 'usr/lib64', '/lib64', '--symlink', 'usr/sbin', '/sbin',
 '--ro-bind', '/etc', '/etc', '--dev', '/dev', '--proc', '/proc', '--ro-bind', bin, bin,
 '--bind', `${base}/tmp`, '/tmp', '--bind', `${base}/ws`, `${base}/ws`, '--bind', `${base}/home`, `${base}/home`, '--bind', `${base}/run`, '/run/cca',
 '--chdir', `${base}/ws`, '--clearenv',
 '--setenv', 'PATH', '/usr/local/bin:/usr/bin:/bin', '--setenv', 'HOME', `${base}/home`, '--setenv', 'CLAUDE_CONFIG_DIR', `${base}/home/.claude`,
 '--setenv', 'ANTHROPIC_BASE_URL', 'http://127.0.0.1:3999', '--setenv', 'ANTHROPIC_API_KEY', 'tok', '--setenv','CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC','1','--setenv','CLAUDE_CODE_MAX_RETRIES','0','--setenv','TMPDIR','/tmp',
 '--', '/bin/sh', '-c', 'socat TCP-LISTEN:3999,bind=127.0.0.1,fork,reuseaddr UNIX-CONNECT:/run/cca/gw.sock & while ! grep -q ":0F9F 00000000:0000 0A" /proc/net/tcp; do :; done; exec "$0" "$@"',
 `${bin}/claude.exe`, '-p', '--output-format', 'stream-json', '--verbose', '--input-format', 'stream-json', '--model', 'sonnet', '--permission-mode', 'bypassPermissions'];
const t0 = Date.now();
const p = spawn('bwrap', args, { stdio: ['pipe', 'pipe', 'inherit'], detached: true });
p.stdout.on('data', (d) => process.stdout.write(d));
const prompt = process.argv[2] ?? 'hello';
p.stdin.write(JSON.stringify({ type: 'user', message: { role: 'user', content: [{ type: 'text', text: prompt }] }, parent_tool_use_id: null, session_id: '' }) + '\n');
p.stdout.on('data', (d) => { if (String(d).includes('"type":"result"')) p.stdin.end(); });
p.on('exit', (c) => { console.log('exit', c, Date.now() - t0, 'ms'); process.exit(0); });
}; main();
