// The SSE client thread's entry (bench/support/sse-stamps.ts, SseThread): Node 20 does not carry
// the benchmark's `--import tsx` module hooks over to a worker, so this plain module registers
// them before loading the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./sse-stamps-worker.ts');
