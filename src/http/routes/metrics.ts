import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { sha256 } from '../../auth/keys.js';
import { ApiError } from '../../errors.js';
import { bearerToken } from '../middleware/auth.js';
import type { AppEnv } from '../env.js';

/** What /metrics reads: a prom-client Registry (owned by the runtime). */
export interface MetricsSource {
  metrics(): Promise<string>;
  readonly contentType: string;
}

/** GET /metrics: Prometheus text for `Authorization: Bearer <METRICS_TOKEN>` or an admin key. */
export function metricsRoutes(source: MetricsSource, token: string | null) {
  const app = new Hono<AppEnv>();
  const expected = token === null ? null : sha256(token);

  app.get('/metrics', async (c) => {
    const presented = bearerToken(c.req.header('authorization'));
    // Digests have one length, so the comparison takes the same time whatever was sent.
    const tokenOk = expected !== null && presented !== null && timingSafeEqual(sha256(presented), expected);
    if (!tokenOk && !c.get('caller').admin) {
      c.header('WWW-Authenticate', 'Bearer realm="claude-code-api metrics"');
      throw new ApiError('UNAUTHENTICATED', 'metrics need Authorization: Bearer <METRICS_TOKEN> or an admin API key');
    }
    c.header('Cache-Control', 'no-store');
    return c.body(await source.metrics(), 200, { 'Content-Type': source.contentType });
  });

  return app;
}
