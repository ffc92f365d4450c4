/**
 * Profiling aid (not part of `npm run bench`): where a warm turn's time goes, from the events'
 * own clocks. N SSE turns (partial) on one warm session of the compiled server; per turn, medians of:
 * request → turn_started → CLI's system/init line → first token delta → result → reply; and, turn by
 * turn in between, the same phases of a CLI driven directly (stdin line → init → delta → result).
 *   node --import tsx bench/tools/turn-phases.ts [turns]     (SANDBOX=bwrap|none)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildService } from '../support/build.js';
import { JsonClient } from '../support/http.js';
import { startStack } from '../support/stack.js';

const turns = Number(process.argv[2] ?? 20);
const build = await buildService();
const stack = await startStack({ entry: build.entry, serverEnv: { SANDBOX: process.env.SANDBOX ?? 'bwrap' } });
const client = new JsonClient(stack.api);
const phases: Record<string, number[]> = {};
const add = (k: string, v: number) => (phases[k] ??= []).push(v);
try {
  const home = mkdtempSync(path.join(tmpdir(), 'phases-'));
  const direct = spawn(stack.bin, ['-p', '--output-format', 'stream-json', '--verbose', '--input-format', 'stream-json', '--include-partial-messages', '--model', 'sonnet', '--permission-mode', 'default'], {
    cwd: home,
    env: { PATH: process.env.PATH!, HOME: home, CLAUDE_CONFIG_DIR: home, ANTHROPIC_BASE_URL: stack.fake.url, ANTHROPIC_API_KEY: 'sk-test' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let buf = '';
  let marks: Record<string, number> = {};
  let done: (() => void) | null = null;
  direct.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    for (let i; (i = buf.indexOf('\n')) >= 0; ) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      const now = Date.now();
      if (line.includes('"subtype":"init"')) marks.init ??= now;
      else if (line.startsWith('{"type":"stream_event"')) marks.delta ??= now;
      else if (line.startsWith('{"type":"result"')) (marks.result = now), done?.();
    }
  });
  const directTurn = (prompt: string) =>
    new Promise<void>((resolve) => {
      marks = { start: Date.now() };
      done = resolve;
      direct.stdin.write(JSON.stringify({ type: 'user', message: { role: 'user', content: [{ type: 'text', text: prompt }] }, parent_tool_use_id: null, session_id: '' }) + '\n');
    });
  const r = await client.post<{ session: { id: string } }>('/sessions', { processMode: 'warm' });
  const id = r.body.session.id;
  for (let i = 0; i <= turns; i++) {
    await directTurn(`hello ${i}`);
    if (i > 0) {
      add('direct: stdin → init line', marks.init! - marks.start!);
      add('direct: init → first delta', marks.delta! - marks.init!);
      add('direct: first delta → result', marks.result! - marks.delta!);
      add('direct: total', marks.result! - marks.start!);
    }
    const t0 = Date.now();
    const res = await fetch(`${stack.api}/sessions/${id}/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ prompt: `hello ${i}`, stream: true, partial: true }) });
    const text = await res.text();
    const t5 = Date.now();
    if (i === 0) continue;
    const events = text.split('\n').filter((l) => l.startsWith('data: ')).map((l) => JSON.parse(l.slice(6)) as { type: string; at?: string; message?: { subtype?: string } });
    const at = (pred: (e: (typeof events)[number]) => boolean) => Date.parse(events.find(pred)?.at ?? '');
    const started = at((e) => e.type === 'turn_started');
    const init = at((e) => e.type === 'system' && e.message?.subtype === 'init');
    const delta = at((e) => e.type === 'stream_event');
    const result = at((e) => e.type === 'result');
    add('request → turn_started', started - t0);
    add('turn_started → init line', init - started);
    add('init line → first delta', delta - init);
    add('first delta → result', result - delta);
    add('result → reply end', t5 - result);
    add('total', t5 - t0);
  }
  for (const [k, v] of Object.entries(phases)) {
    v.sort((a, b) => a - b);
    console.log(`${k.padEnd(28)} median ${v[v.length >> 1]} ms  p90 ${v[Math.floor(v.length * 0.9)]} ms`);
  }
  direct.kill();
} finally {
  client.close();
  await stack.close();
  await build.remove();
}
