import { Counter, Histogram, type Registry } from 'prom-client';
import { ApiError } from '../errors.js';

const HISTOGRAM_HELP = 'Time to the response head (a stream counts until its headers are sent).';
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

/** One route pattern and method: statuses counted, durations bucketed. */
interface RouteStats {
  route: string;
  method: string;
  statuses: Map<number, number>;
  /** Per bucket (not cumulative), the last one for > the last bound. */
  buckets: number[];
  sum: number;
  count: number;
}

/**
 * HTTP request counts and durations by route pattern, method and status. prom-client hashes the
 * label set of every observation; on the path of every request that costs more than all the
 * rest of the bookkeeping, so requests are aggregated here, in maps keyed by the few routes and
 * methods, and the two metrics read the aggregates when scraped.
 */
export class HttpRecorder {
  private readonly routes = new Map<string | null, Map<string, RouteStats>>();

  constructor(private readonly rateLimited: Counter<'route'>) {}

  record(method: string, pattern: string | null, status: number, ms: number, error: unknown): void {
    let byMethod = this.routes.get(pattern);
    if (!byMethod) this.routes.set(pattern, (byMethod = new Map()));
    let s = byMethod.get(method);
    if (!s) byMethod.set(method, (s = { route: pattern ?? 'unmatched', method, statuses: new Map(), buckets: new Array<number>(BUCKETS.length + 1).fill(0), sum: 0, count: 0 }));
    s.statuses.set(status, (s.statuses.get(status) ?? 0) + 1);
    const seconds = ms / 1000;
    let i = 0;
    while (i < BUCKETS.length && seconds > BUCKETS[i]!) i++;
    s.buckets[i]!++;
    s.sum += seconds;
    s.count++;
    if (error instanceof ApiError && error.code === 'RATE_LIMITED') this.rateLimited.inc({ route: s.route });
  }

  *stats(): Iterable<RouteStats> {
    for (const byMethod of this.routes.values()) yield* byMethod.values();
  }

  /** The two metrics, registered on `registry`, reading this recorder when scraped. */
  register(registry: Registry): void {
    const recorder = this;
    const name = 'cca_http_request_duration_seconds';
    // prom-client's own export (name, help, type, aggregator), with values from the aggregates.
    class RequestCounter extends Counter<'route' | 'method' | 'status'> {
      override async get() {
        const values = [...recorder.stats()].flatMap((s) =>
          [...s.statuses].map(([status, value]) => ({ labels: { route: s.route, method: s.method, status: String(status) }, value })),
        );
        return { ...(await super.get()), values };
      }
    }
    // `le` is the bucket label prom-client adds itself (it refuses it as a declared label name).
    class RequestTimer extends Histogram<'route' | 'method' | 'le'> {
      private exported() {
        return [...recorder.stats()].flatMap((s) => {
          const labels = { route: s.route, method: s.method };
          const sharedLabels = {};
          let acc = 0;
          return [
            ...BUCKETS.map((le, i) => ({ labels: { le, ...labels }, value: (acc += s.buckets[i]!), metricName: `${name}_bucket`, sharedLabels })),
            { labels: { le: '+Inf', ...labels }, value: s.count, metricName: `${name}_bucket`, sharedLabels },
            { labels, value: s.sum, metricName: `${name}_sum`, sharedLabels },
            { labels, value: s.count, metricName: `${name}_count`, sharedLabels },
          ];
        });
      }

      // What the registry's text exposition reads for a histogram, and what get() (JSON) builds on;
      // prom-client's types omit it.
      async getForPromString() {
        return { name, help: HISTOGRAM_HELP, type: 'histogram', values: this.exported(), aggregator: 'sum' };
      }
    }
    new RequestCounter({
      name: 'cca_http_requests_total',
      help: 'HTTP requests by route pattern, method and status.',
      labelNames: ['route', 'method', 'status'],
      registers: [registry],
    });
    new RequestTimer({
      name,
      help: HISTOGRAM_HELP,
      labelNames: ['route', 'method'],
      buckets: BUCKETS,
      registers: [registry],
    });
  }
}
