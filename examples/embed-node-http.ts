// Serves claude-code-api from a plain Node http server, next to a hand-written route.
// Run: npx tsx examples/embed-node-http.ts   (PORT, WORKSPACE_ROOT, CLAUDE_BIN are optional)
import { getRequestListener } from '@hono/node-server';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
// In your project: import { createClaudeCodeApi } from 'claude-code-api';
import { createClaudeCodeApi } from '../src/index.js';

// mount: 'both' serves /api/v1/... and the root paths, like the standalone server.
const api = createClaudeCodeApi({
  workspaceRoot: process.env.WORKSPACE_ROOT ?? './workspaces',
  claudeBin: process.env.CLAUDE_BIN,
  mount: 'both',
  maxConcurrentTurns: 2,
});
const handleApi = getRequestListener(api.app.fetch);

const server = createServer((req, res) => {
  if (req.url === '/hello') {
    res.end('hello from node:http\n');
    return;
  }
  void handleApi(req, res);
});

await api.ready;
server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () =>
  console.log(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port} (API under /api/v1)`),
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    void api.close().then(() => process.exit(0));
  });
}
