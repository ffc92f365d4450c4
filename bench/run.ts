/**
 * The project's benchmark: `node --import tsx bench/run.ts`.
 *
 * Runs every scenario of bench/scenarios/index.ts against the real server entry point and
 * the real `claude` CLI (scripted Anthropic API on loopback, temp HOME and workspaces),
 * writes BENCHMARKS.md at the repository root and prints the same text on stdout
 * (progress goes to stderr).
 *
 * Scenarios (bench/scenarios/, in this order): turn-overhead, stream-relay, concurrency,
 * idle-scale, control-plane, warm-mode, sandbox, peers. The whole run takes about 8 minutes on 2 quiet cores
 * (peers about 2 of them: 2 passes of 10 turns on 5 rows, 60 of those turns spawning a CLI).
 *
 * Environment:
 *   BENCH_PAIRS   counted A/B pairs of turn-overhead (default 20)
 *   BENCH_WARMUP  warm-up pairs (turns for stream-relay), not counted (default 2, at least 1: the first one checks parity)
 *   BENCH_ONLY    comma-separated scenario ids to run (default: all), e.g. BENCH_ONLY=stream-relay,idle-scale
 *   BENCH_OUT     report path (default BENCHMARKS.md at the repository root)
 *
 * Exit code: 0 when every scenario ran and met its target, 1 when a target was missed
 * (the report is still written), 2 when a scenario failed or something was left running.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../tests/support/cli-env.js';
import { machineInfo, table } from './report.js';
import { scenarios } from './scenarios/index.js';
import type { BenchContext, ScenarioResult } from './scenarios/types.js';
import { belongsTo, findProcesses, readCpu, readMachineCpu } from './support/procfs.js';
import { stackRoots } from './support/stack.js';

function positiveInt(name: string, def: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer ≥ ${min}, got ${JSON.stringify(raw)}`);
  return n;
}

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

async function main(): Promise<number> {
  const ctx: BenchContext = {
    pairs: positiveInt('BENCH_PAIRS', 20, 1),
    warmupPairs: positiveInt('BENCH_WARMUP', 2, 1), // ≥ 1: the first warm-up pair also checks A/B parity
    log,
  };
  const only = (process.env.BENCH_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const selected = only.length ? scenarios.filter((s) => only.includes(s.id)) : scenarios;
  if (only.length && selected.length !== only.length) {
    throw new Error(`unknown scenario in BENCH_ONLY (known: ${scenarios.map((s) => s.id).join(', ')})`);
  }
  const out = process.env.BENCH_OUT ? path.resolve(process.env.BENCH_OUT) : path.join(REPO_ROOT, 'BENCHMARKS.md');

  const machine = await machineInfo();
  log(`${machine.cores} cores (${machine.cpuModel}), Node ${machine.node}, claude ${machine.cliVersion}; ${ctx.pairs} pairs + ${ctx.warmupPairs} warm-up`);

  const results: ScenarioResult[] = [];
  const failures: string[] = [];
  for (const s of selected) {
    log(`scenario ${s.id}`);
    const started = Date.now();
    const machine0 = readMachineCpu();
    const own0 = readCpu('self');
    try {
      const r = await s.run(ctx);
      // Everything of ours has been reaped by now (the server and every CLI are our
      // descendants), so our CPU is this process's own plus its children's.
      const machine1 = readMachineCpu();
      const own1 = readCpu('self');
      const ownMs = own1.selfMs - own0.selfMs + (own1.childrenMs - own0.childrenMs);
      const capacityMs = machine1.totalMs - machine0.totalMs;
      const foreignPct = Math.max(0, ((machine1.busyMs - machine0.busyMs - ownMs) / capacityMs) * 100);
      const ownPct = (ownMs / capacityMs) * 100;
      const quiet = foreignPct < 5;
      r.markdown +=
        `\n\nMachine load during this scenario (/proc/stat): the benchmark and everything it ran used ${ownPct.toFixed(0)}% of the ` +
        `${os.cpus().length} cores' capacity, other processes ${foreignPct.toFixed(1)}%` +
        (quiet ? ' (quiet machine).' : ` — **the machine was not quiet: figures are noisier than they should be**.`);
      results.push(r);
    } catch (err) {
      failures.push(`${s.id}: ${(err as Error).stack ?? String(err)}`);
      log(`scenario ${s.id} FAILED: ${(err as Error).message}`);
    }
    log(`scenario ${s.id} took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }

  // Nothing of ours may outlive the run: no CLI (`stream-json` in its argv), no server.
  const streamJson = findProcesses('stream-json');
  const leftovers = streamJson.filter((p) => belongsTo(p.pid, stackRoots));
  const others = streamJson.length - leftovers.length;
  const serverLeft = [...findProcesses(path.join(REPO_ROOT, 'src', 'main.ts')), ...findProcesses('cca-bench-build-')].filter((p) => p.ppid === process.pid);

  const md = [
    '# Benchmarks',
    '',
    'Generated by `node --import tsx bench/run.ts` (see bench/run.ts); numbers are from the last run on the machine below.',
    '',
    table(['machine', ''], [
      ['CPU', `${machine.cores} cores, ${machine.cpuModel}`],
      ['memory', `${machine.memoryGiB} GiB`],
      ['OS', machine.platform],
      ['Node', machine.node],
      ['claude CLI', machine.cliVersion],
      ['date', machine.date],
      ['pairs (turn overhead)', `${ctx.pairs} counted + ${ctx.warmupPairs} warm-up`],
    ], ['l', 'l']),
    '',
    ...results.flatMap((r) => [r.markdown, '']),
    ...(failures.length ? ['## Failed scenarios', '', ...failures.map((f) => '```\n' + f + '\n```'), ''] : []),
    '## Cleanup',
    '',
    `Processes whose command line contains \`stream-json\` after the run: **${streamJson.length}**` +
      (others ? ` (${others} not ours: their cwd and environment are outside this run's temp dirs)` : '') +
      `; of them left by this run: **${leftovers.length}**` +
      (leftovers.length ? ` (${leftovers.map((p) => `${p.pid}: ${p.argv.join(' ')}`).join('; ')})` : '') +
      `. Server processes left: **${serverLeft.length}**. Temp dirs left: **${[...stackRoots].filter((r) => existsSync(r)).length}**.`,
    '',
  ].join('\n');

  await writeFile(out, md);
  process.stdout.write(md);
  log(`wrote ${path.relative(process.cwd(), out) || out}`);

  if (failures.length || leftovers.length || serverLeft.length || [...stackRoots].some((r) => existsSync(r))) return 2;
  return results.every((r) => r.targetMet) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`[bench] ${(err as Error).stack ?? String(err)}\n`);
    process.exit(2);
  },
);
