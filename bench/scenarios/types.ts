/** What every scenario gets and gives back; bench/run.ts runs them in order. */

export interface BenchContext {
  /** Counted A/B pairs (BENCH_PAIRS, default 20). */
  pairs: number;
  /** Pairs run first and not counted. */
  warmupPairs: number;
  /** Progress on stderr (stdout carries only the report). */
  log: (message: string) => void;
}

export interface ScenarioResult {
  id: string;
  title: string;
  /** Markdown section for BENCHMARKS.md, starting with a `##` heading. */
  markdown: string;
  /** false when a target was missed (the run still completes and reports) */
  targetMet: boolean;
}

export interface Scenario {
  id: string;
  title: string;
  /** Starts and stops everything it needs; throws when a check fails (wrong reply, parity broken). */
  run(ctx: BenchContext): Promise<ScenarioResult>;
}
