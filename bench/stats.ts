/** Summary statistics of a sample (milliseconds in this benchmark, but unit-free). */

export interface Summary {
  n: number;
  median: number;
  p95: number;
  p99: number;
  mean: number;
  min: number;
  max: number;
}

/**
 * The q-quantile (0 ≤ q ≤ 1) by linear interpolation between closest ranks
 * (Hyndman & Fan type 7, what numpy and R use by default). With 20 samples p95 lies
 * between the 19th and 20th value and p99 is close to the maximum.
 */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  if (q < 0 || q > 1) throw new RangeError(`quantile out of range: ${q}`);
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export const median = (values: readonly number[]): number => percentile(values, 0.5);

export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  return values.reduce((s, v) => s + v, 0) / values.length;
}

export function summarize(values: readonly number[]): Summary {
  return {
    n: values.length,
    median: median(values),
    p95: percentile(values, 0.95),
    p99: percentile(values, 0.99),
    mean: mean(values),
    min: values.length ? Math.min(...values) : Number.NaN,
    max: values.length ? Math.max(...values) : Number.NaN,
  };
}

/** A small seeded PRNG (mulberry32), so a report's bootstrap interval is reproducible. */
function mulberry32(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Percentile bootstrap interval of median(a)/median(b) for paired samples (a[i] and b[i]
 * were measured together): pairs are resampled whole, so drift shared by a pair stays shared.
 */
export function bootstrapRatioOfMedians(
  a: readonly number[],
  b: readonly number[],
  opts: { iterations?: number; confidence?: number; seed?: number } = {},
): { low: number; high: number } {
  if (a.length !== b.length || a.length === 0) throw new Error('bootstrap needs paired, non-empty samples');
  const iterations = opts.iterations ?? 5000;
  const alpha = 1 - (opts.confidence ?? 0.95);
  const rand = mulberry32(opts.seed ?? 1);
  const n = a.length;
  const ratios: number[] = [];
  const ra = new Array<number>(n);
  const rb = new Array<number>(n);
  for (let k = 0; k < iterations; k++) {
    for (let i = 0; i < n; i++) {
      const j = Math.floor(rand() * n);
      ra[i] = a[j]!;
      rb[i] = b[j]!;
    }
    ratios.push(median(ra) / median(rb));
  }
  return { low: percentile(ratios, alpha / 2), high: percentile(ratios, 1 - alpha / 2) };
}
