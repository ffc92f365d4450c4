/**
 * postSse (sse-stamps.ts) on a thread of its own: the stream-relay benchmark's SSE client stamps
 * arrivals on an event loop that nothing else uses. On the benchmark's main thread it shared its
 * loop (and its heap's collections) with the scripted model, and stamped whole turns 20-40 ms
 * late when that loop was busy. One request at a time: { base, path, json } in, the
 * StampedStream and this thread's worst event-loop delay during it, ms (or { error }) out.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { postSse } from './sse-stamps.js';

parentPort?.on('message', (m: { base: string; path: string; json: unknown }) => {
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  postSse(m.base, m.path, m.json).then(
    (result) => {
      loop.disable();
      parentPort?.postMessage({ result, loopMaxMs: loop.max / 1e6 });
    },
    (err: unknown) => parentPort?.postMessage({ error: err instanceof Error ? err.message : String(err) }),
  );
});
