import { buildService } from '../support/build.js';
import { startStack } from '../support/stack.js';
import { JsonClient } from '../support/http.js';
import { readFileSync } from 'node:fs';
const b = await buildService();
const s = await startStack({ entry: b.entry, logFile: '/tmp/dbg.log', serverEnv: { SANDBOX: process.env.SANDBOX ?? 'bwrap' } });
const c = new JsonClient(s.api);
for (const mode of ['per-turn', 'warm']) {
  const r = await c.post<any>('/sessions', { processMode: mode });
  for (let i = 0; i < 6; i++) await c.post(`/sessions/${r.body.session.id}/messages`, { prompt: 'hello ' + i });
}
c.close(); await b.remove();
console.log(readFileSync('/tmp/dbg.log', 'utf8').split('\n').filter((l) => l.startsWith('PHASES')).join('\n'));
console.log(s.fake.requests.map((r) => `${r.method} ${r.path}`).reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map()));
await s.close();
