import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { ThreadWriter, poolWriter, type AtomicWriter } from '../../src/store/thread-writer.js';
const dir = mkdtempSync('/work/tw-');
const main = () => { const f = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' '); return (Number(f[11]) + Number(f[12])) * 10; };
const all = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const data = JSON.stringify({ x: 'y'.repeat(2000) });
async function run(name: string, w: AtomicWriter) {
  for (let i = 0; i < 50; i++) await w.write(`${dir}/w${i % 10}.json`, data);
  const m0 = main(), a0 = all(), t0 = performance.now();
  for (let i = 0; i < 1000; i++) await w.write(`${dir}/f${i % 10}.json`, data);
  console.log(`${name}: per write main ${((main() - m0) / 1000).toFixed(3)} ms, all threads ${((all() - a0) / 1000).toFixed(3)} ms, wall ${((performance.now() - t0) / 1000).toFixed(3)} ms`);
}
const tw = new ThreadWriter();
for (let r = 0; r < 2; r++) { await run('pool', poolWriter); await run('thread', tw); }
await tw.close();
rmSync(dir, { recursive: true });
