/**
 * Summarises a .cpuprofile (Chrome/V8 format): self time per function and per file, and
 * inclusive time of the functions under our src/ (what a turn's CPU went to).
 *   [SKIP_MS=<ms>] node --import tsx bench/tools/top-functions.ts <file.cpuprofile> [rows]
 */
import { readFileSync } from 'node:fs';

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

const file = process.argv[2];
if (!file) throw new Error('usage: top-functions.ts <file.cpuprofile> [rows]');
const rows = Number(process.argv[3] ?? 40);
const prof = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const selfUs = new Map<number, number>();
// SKIP_MS: leave out the first ms of the profile (start-up), to see what the turns cost.
const skipUs = Number(process.env.SKIP_MS ?? 0) * 1000;
let at = 0;
prof.samples.forEach((id, i) => {
  at += prof.timeDeltas[i] ?? 0;
  if (at >= skipUs) selfUs.set(id, (selfUs.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0));
});

const label = (n: Node) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace(/^.*\/(dist|node_modules)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;
const self = new Map<string, number>();
const files = new Map<string, number>();
const incl = new Map<string, number>();
let total = 0;
for (const [id, us] of selfUs) {
  const n = byId.get(id)!;
  total += us;
  self.set(label(n), (self.get(label(n)) ?? 0) + us);
  const f = n.callFrame.url.replace(/^.*\/(dist|node_modules)\//, '$1/') || n.callFrame.functionName;
  files.set(f, (files.get(f) ?? 0) + us);
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const l = label(byId.get(cur)!);
    if (!seen.has(l)) { seen.add(l); incl.set(l, (incl.get(l) ?? 0) + us); }
  }
}
const print = (title: string, m: Map<string, number>, filter: (k: string) => boolean = () => true) => {
  console.log(`\n== ${title}`);
  for (const [k, us] of [...m].filter(([k]) => filter(k)).sort((a, b) => b[1] - a[1]).slice(0, rows)) console.log(`${(us / 1000).toFixed(1).padStart(9)} ms ${((us / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
};
console.log(`total sampled ${(total / 1000).toFixed(0)} ms`);
print('self by function', self);
print('self by file', files);
print('inclusive, our code (dist/)', incl, (k) => k.includes(' dist/'));
// Each sample charged to the innermost frame of our own code (dist/ but not node_modules/).
const ours = new Map<string, number>();
for (const [id, us] of selfUs) {
  let l = '(no frame of ours)';
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const n = byId.get(cur)!;
    if (n.callFrame.url.includes('/dist/') && !n.callFrame.url.includes('node_modules')) { l = label(n); break; }
  }
  if (byId.get(id)!.callFrame.functionName === '(idle)') continue;
  ours.set(l, (ours.get(l) ?? 0) + us);
}
print('non-idle samples by innermost frame of ours', ours);
const orphan = new Map<string, number>();
for (const [id, us] of selfUs) {
  let mine = false;
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const n = byId.get(cur)!;
    if (n.callFrame.url.includes('/dist/') && !n.callFrame.url.includes('node_modules')) { mine = true; break; }
  }
  if (mine || byId.get(id)!.callFrame.functionName === '(idle)') continue;
  // the outermost JS frame under the root: who called into node
  const chain: string[] = [];
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) chain.push(label(byId.get(cur)!));
  const k = chain.slice(-3, -1).reverse().join(' > ') + ' ... ' + chain[0];
  orphan.set(k, (orphan.get(k) ?? 0) + us);
}
print('samples outside our frames: root > … > self', orphan);
// What triggered the work: each busy sample charged to the outermost frame of our code on its
// stack, by our folder (http/, cli/, gateway/, store/, ...): the request, the CLI's output, the
// gateway's relay of the model traffic, persistence. Samples with no frame of ours by their root.
const areaOf = (url: string) => /\/dist\/([^/]+)(\/|\.js)/.exec(url)?.[1] ?? null;
const activity = new Map<string, number>();
for (const [id, us] of selfUs) {
  const n0 = byId.get(id)!;
  if (n0.callFrame.functionName === '(idle)') continue;
  let area: string | null = null;
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const u = byId.get(cur)!.callFrame.url;
    if (u.includes('/dist/') && !u.includes('node_modules')) area = areaOf(u) ?? area;
  }
  const k = area ? `src/${area}` : n0.callFrame.functionName.startsWith('(') ? n0.callFrame.functionName : `no frame of ours: ${n0.callFrame.url === '' ? `native ${n0.callFrame.functionName}` : n0.callFrame.url.replace(/^.*\/(dist|node_modules)\//, '$1/')}`;
  activity.set(k, (activity.get(k) ?? 0) + us);
}
print('busy samples by the outermost frame of ours (what triggered the work)', activity);
