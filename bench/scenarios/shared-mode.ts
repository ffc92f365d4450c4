/**
 * Shared mode (REDIS_URL): what Redis costs and what a second replica buys, on a real
 * redis-server (tests/support/redis.ts) and the real CLI against the scripted API.
 *
 * 1. Turn overhead: one non-streaming turn (fresh session, POST /messages "hello", timed to the
 *    full JSON reply) on a single-node stack and on a shared-mode stack, interleaved in pairs.
 *    Target: shared ≤ 1.05 × single (ratio of medians).
 * 2. Scale-out: 16 sessions, each running TURNS turns back to back, all at once, with
 *    MAX_CONCURRENT_TURNS per node: first one replica, then two (sessions created on each in
 *    turn, requests sent to the other replica half the time). Target: 2 replicas ≥ 1.8 × the
 *    turns per second of one. On a host with fewer cores than 2 × MAX_CONCURRENT_TURNS CLIs
 *    the CPU is the limit, not the service: the report gives the cores.
 * 3. Failover: a session owned by replica 2 had a turn; replica 2 gets SIGKILL; timed from the
 *    kill to the first completed turn through replica 1 (retrying on 503), default lease.
 *    Target: ≤ 20 s.
 */
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ms, summaryRow, table } from '../report.js';
import { median, summarize } from '../stats.js';
import { JsonClient } from '../support/http.js';
import { spawnServerProcess, startStack, type Stack } from '../support/stack.js';
import { startRedis, type RedisServer } from '../../tests/support/redis.js';
import type { BenchContext, Scenario, ScenarioResult } from './types.js';
import type { ServerProcess } from '../../tests/support/server-process.js';

const SESSIONS = 16;
const TURNS = 3;
const PER_NODE = 2;

interface Reply {
  status: string;
  response: string;
}

async function timedTurn(client: JsonClient): Promise<number> {
  const created = await client.post<{ session: { id: string } }>('/sessions', {});
  if (created.status !== 201) throw new Error(`POST /sessions answered ${created.status}: ${JSON.stringify(created.body)}`);
  const id = created.body.session.id;
  const t0 = performance.now();
  const r = await client.post<Reply>(`/sessions/${id}/messages`, { prompt: 'hello' });
  const elapsed = performance.now() - t0;
  if (r.status !== 200 || r.body.status !== 'completed') throw new Error(`turn: ${r.status} ${JSON.stringify(r.body).slice(0, 500)}`);
  await client.delete(`/sessions/${id}`);
  return elapsed;
}

function sharedEnv(redis: RedisServer, stackRoot: string, prefix: string, node: string): Record<string, string> {
  return {
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: `${prefix}:`,
    NODE_ID: node,
    SANDBOX_DIR: path.join(stackRoot, 'sandboxes'),
    STATE_DIR: path.join(stackRoot, `state-${node}`),
  };
}

/** 16 sessions × TURNS turns at once, spread over the replicas; turns per second. */
async function burst(apis: string[]): Promise<number> {
  const clients = apis.map((a) => new JsonClient(a));
  const ids: Array<{ id: string; via: string }> = [];
  for (let i = 0; i < SESSIONS; i++) {
    const owner = clients[i % clients.length]!;
    const created = await owner.post<{ session: { id: string } }>('/sessions', {});
    if (created.status !== 201) throw new Error(`POST /sessions answered ${created.status}`);
    // Half the requests go through the replica that does not own the session (as a balancer would).
    ids.push({ id: created.body.session.id, via: apis[(i >> 1) % apis.length]! });
  }
  const t0 = performance.now();
  await Promise.all(
    ids.map(async ({ id, via }) => {
      // One client (one connection) per session: JsonClient sends one request at a time.
      const own = new JsonClient(via);
      for (let t = 0; t < TURNS; t++) {
        const r = await own.post<Reply>(`/sessions/${id}/messages`, { prompt: 'hello' });
        if (r.status !== 200 || r.body.status !== 'completed') throw new Error(`burst turn: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  for (const { id } of ids) await clients[0]!.delete(`/sessions/${id}`);
  return (SESSIONS * TURNS) / seconds;
}

export const sharedMode: Scenario = {
  id: 'shared-mode',
  title: 'Shared mode: Redis overhead, two replicas, failover',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const redis = await startRedis();
    const stacks: Stack[] = [];
    const extra: ServerProcess[] = [];
    try {
      // 1. Overhead, interleaved.
      const single = await startStack({ maxConcurrentTurns: 4 });
      stacks.push(single);
      const sharedStack = await startStack({ maxConcurrentTurns: 4, serverEnv: { REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'overhead:', NODE_ID: 'o1' } });
      stacks.push(sharedStack);
      const a = new JsonClient(single.api);
      const b = new JsonClient(sharedStack.api);
      const singleMs: number[] = [];
      const sharedMs: number[] = [];
      for (let i = 0; i < ctx.warmupPairs + ctx.pairs; i++) {
        const order = i % 2 === 0 ? [a, b] : [b, a];
        const times = [];
        for (const c of order) times.push(await timedTurn(c));
        if (i < ctx.warmupPairs) continue;
        const [x, y] = i % 2 === 0 ? times : [times[1]!, times[0]!];
        singleMs.push(x!);
        sharedMs.push(y!);
        ctx.log(`shared-mode overhead pair ${i + 1 - ctx.warmupPairs}/${ctx.pairs}: single ${ms(x!)} ms, shared ${ms(y!)} ms`);
      }
      const overhead = median(sharedMs) / median(singleMs);
      await single.close();
      await sharedStack.close();
      stacks.length = 0;

      // 2. Scale-out: one replica, then two, on one Redis and one workspace root.
      const scale = await startStack({ maxConcurrentTurns: PER_NODE });
      stacks.push(scale);
      const env1 = sharedEnv(redis, scale.root, 'scale', 'r1');
      // The stack's own server is the single-node one; replicas r1 and r2 are started beside it.
      const r1 = await spawnServerProcess({ ...scale.serverEnv, ...env1 }, {});
      extra.push(r1);
      const oneRate = await burst([`${r1.url}/api/v1`]);
      ctx.log(`shared-mode scale-out: 1 replica ${oneRate.toFixed(2)} turns/s`);
      const r2 = await spawnServerProcess({ ...scale.serverEnv, ...sharedEnv(redis, scale.root, 'scale', 'r2') }, {});
      extra.push(r2);
      const twoRate = await burst([`${r1.url}/api/v1`, `${r2.url}/api/v1`]);
      ctx.log(`shared-mode scale-out: 2 replicas ${twoRate.toFixed(2)} turns/s`);

      // 3. Failover (default lease): a session owned by r2, r2 killed, next turn through r1.
      const c1 = new JsonClient(`${r1.url}/api/v1`);
      const c2 = new JsonClient(`${r2.url}/api/v1`);
      const s = await c2.post<{ session: { id: string } }>('/sessions', { initialPrompt: 'hello' });
      if (s.status !== 201) throw new Error(`failover create: ${s.status}`);
      const id = s.body.session.id;
      const killedAt = performance.now();
      r2.child.kill('SIGKILL');
      await r2.exited;
      let failoverMs = Number.NaN;
      for (;;) {
        const r = await c1.post<Reply>(`/sessions/${id}/messages`, { prompt: 'hello' });
        if (r.status === 200 && r.body.status === 'completed') {
          failoverMs = performance.now() - killedAt;
          break;
        }
        if (r.status !== 503) throw new Error(`failover: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
        if (performance.now() - killedAt > 60_000) throw new Error('failover: no turn within 60 s');
        await new Promise((res) => setTimeout(res, 100));
      }
      ctx.log(`shared-mode failover: ${ms(failoverMs)} ms`);

      const scaleRatio = twoRate / oneRate;
      const targetMet = overhead <= 1.05 && scaleRatio >= 1.8 && failoverMs <= 20_000;
      const markdown = [
        `## ${this.title}`,
        '',
        `Real redis-server on loopback, real CLI against the scripted API; ${os.cpus().length} cores.`,
        '',
        '### Turn overhead (ms per non-streaming turn)',
        '',
        table(['', 'median', 'p95', 'p99', 'mean'], [summaryRow('single node', summarize(singleMs)), summaryRow('shared (Redis)', summarize(sharedMs))], ['l', 'r', 'r', 'r', 'r']),
        '',
        `Shared / single (medians): **${overhead.toFixed(3)}×** (target ≤ 1.05).`,
        '',
        `### Scale-out: ${SESSIONS} sessions × ${TURNS} turns at once, MAX_CONCURRENT_TURNS=${PER_NODE} per replica`,
        '',
        table(['replicas', 'turns/s'], [['1', oneRate.toFixed(2)], ['2', twoRate.toFixed(2)]], ['l', 'r']),
        '',
        `2 replicas / 1: **${scaleRatio.toFixed(2)}×** (target ≥ 1.8; needs at least ${2 * PER_NODE} free cores).`,
        '',
        '### Failover',
        '',
        `SIGKILL of the owner → first completed turn through the other replica: **${(failoverMs / 1000).toFixed(1)} s** (default OWNER_LEASE_MS 10 s; target ≤ 20 s).`,
      ].join('\n');
      return { id: this.id, title: this.title, markdown, targetMet };
    } finally {
      for (const p of extra) {
        if (p.child.exitCode === null && p.child.signalCode === null) {
          p.child.kill('SIGTERM');
          await p.exited;
        }
      }
      for (const s of stacks) await s.close();
      await redis.stop();
    }
  },
};
