import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { createClaudeCodeApi } from './embed/claude-code-api.js';
import type { Runtime } from './runtime.js';

export interface RunningServer {
  url: string;
  port: number;
  runtime: Runtime;
  /** Stops accepting, interrupts turns, kills what remains after the grace period. */
  stop: () => Promise<void>;
}

export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  // The standalone server is one embedder: the API under /api/v1 and at the root, on its own port.
  const api = createClaudeCodeApi({ config, logger, mount: 'both' });
  await api.ready;
  const runtime = api.runtime!;
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: api.app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
  });
  api.injectWebSocket(server);
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  logger.info({ url }, 'listening');

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await api.close();
      // Streams ended with their turns; idle keep-alive sockets need no more patience.
      (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
      await Promise.race([closed, new Promise((r) => setTimeout(r, 2_000).unref())]);
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
    })());
  return { url, port, runtime, stop };
}
