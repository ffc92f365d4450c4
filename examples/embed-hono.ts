// Mounts claude-code-api in an existing Hono app, beside the app's own routes.
// Run: npx tsx examples/embed-hono.ts   (PORT, WORKSPACE_ROOT, CLAUDE_BIN, API_KEY are optional)
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
// In your project: import { createClaudeCodeApi } from 'claude-code-api';
import { createClaudeCodeApi } from '../src/index.js';

const apiKey = process.env.API_KEY;
const api = createClaudeCodeApi({
  workspaceRoot: process.env.WORKSPACE_ROOT ?? './workspaces',
  claudeBin: process.env.CLAUDE_BIN,
  sessionTimeout: 30 * 60_000,
  maxSessions: 10,
  // Listing stays open; creating sessions and sending messages need the key.
  auth: { enabled: Boolean(apiKey), apiKeys: apiKey ? [`me:${apiKey}`] : [], requireAuth: ['POST /sessions', 'POST /sessions/:id/messages'] },
  rateLimit: { enabled: true, windowMs: 60_000, maxRequests: 120 },
});

const app = new Hono();
app.get('/hello', (c) => c.text('hello from the host app\n'));
app.route('/api/v1', api.app);

await api.ready;
const server = serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 3000), hostname: '127.0.0.1' }, (info: AddressInfo) =>
  console.log(`listening on http://127.0.0.1:${info.port} (API under /api/v1)`),
);

// The host owns the process: on a signal it stops listening, then lets the API end its turns.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    void api.close().then(() => process.exit(0));
  });
}
