/**
 * The baseline of the control-plane scenario: a bare Hono app on @hono/node-server, nothing
 * but the two routes the scenario asks the service for, answering JSON of the same kind.
 * Started like the service (`node --import tsx`), it prints `{"url":"…"}` once it listens.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';

const app = new Hono();
const startedAt = Date.now();
// SPIN_US: a reference point, not a baseline: the same app plus that much CPU per request.
const spinUs = Number(process.env.SPIN_US ?? 0);
if (spinUs > 0) {
  app.use(async (_c, next) => {
    const until = performance.now() + spinUs / 1000;
    while (performance.now() < until);
    await next();
  });
}
app.get('/api/v1/health', (c) => c.json({ status: 'ok', uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) }));
app.get('/api/v1/sessions/:id', (c) => c.json({ session: { id: c.req.param('id'), status: 'idle' } }));

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ msg: 'listening', url: `http://127.0.0.1:${port}` })}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
