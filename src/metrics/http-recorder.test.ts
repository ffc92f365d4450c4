import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { HttpRecorder } from './http-recorder.js';

const lines = async (r: Registry) => (await r.metrics()).split('\n').filter((l) => l.includes('cca_http_'));

describe('HttpRecorder', () => {
  it("exposes exactly what prom-client's own counter and histogram would for the same requests", async () => {
    const requests: Array<[string, string | null, number, number]> = [
      ['GET', '/health', 200, 0.4],
      ['GET', '/health', 200, 7],
      ['GET', '/sessions/:id', 404, 12],
      ['POST', '/sessions/:id/messages', 201, 2400],
      ['GET', '/sessions/:id', 200, 5],
      ['GET', null, 404, 0.2],
      ['DELETE', '/sessions/:id', 204, 400_000],
    ];
    const ours = new Registry();
    const recorder = new HttpRecorder(new Counter({ name: 'x_rate_limited', help: 'x', labelNames: ['route'], registers: [] }));
    recorder.register(ours);
    const reference = new Registry();
    const counter = new Counter({ name: 'cca_http_requests_total', help: 'HTTP requests by route pattern, method and status.', labelNames: ['route', 'method', 'status'], registers: [reference] });
    const histogram = new Histogram({
      name: 'cca_http_request_duration_seconds',
      help: 'Time to the response head (a stream counts until its headers are sent).',
      labelNames: ['route', 'method'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers: [reference],
    });
    for (const [method, route, status, ms] of requests) {
      recorder.record(method, route, status, ms, undefined);
      counter.inc({ route: route ?? 'unmatched', method, status: String(status) });
      histogram.observe({ route: route ?? 'unmatched', method }, ms / 1000);
    }
    const sort = (l: string[]) => [...l].sort();
    expect(sort(await lines(ours))).toEqual(sort(await lines(reference)));
    expect((await ours.getMetricsAsJSON()).map((m) => m.name)).toEqual(['cca_http_requests_total', 'cca_http_request_duration_seconds']);
  });
});
