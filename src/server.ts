import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
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

/** The port is taken: said in one line, not a stack trace. */
export class PortInUseError extends Error {
  constructor(host: string, port: number) {
    super(`${host}:${port} is already in use (another claude-code-api?); stop it or set PORT`);
    this.name = 'PortInUseError';
  }
}

// Binds first, so a second instance fails here before it touches any state.
function listen(config: Config, fetch: (req: Request, env: unknown) => Response | Promise<Response>): Promise<ServerType> {
  const s = config.server;
  return new Promise<ServerType>((resolve, reject) => {
    const server = serve(
      {
        fetch,
        port: config.port,
        hostname: config.host,
        // requestTimeout is checked on this interval (Node's default 30 s would let a slow body live that long).
        serverOptions: { headersTimeout: s.headersTimeoutMs, requestTimeout: s.requestTimeoutMs, keepAliveTimeout: s.keepAliveTimeoutMs, connectionsCheckingInterval: Math.max(50, Math.min(30_000, Math.floor(s.headersTimeoutMs / 4))) },
      },
      () => {
        server.off('error', onError);
        resolve(server);
      },
    );
    server.maxConnections = s.maxConnections;
    const onError = (err: NodeJS.ErrnoException) => (err.code === 'EADDRINUSE' ? reject(new PortInUseError(config.host, config.port)) : reject(err));
    server.once('error', onError);
  });
}

function advertisedUrl(host: string, port: number): string {
  const name = host === '0.0.0.0' || host === '::' ? os.hostname() : host;
  return `http://${name.includes(':') ? `[${name}]` : name}:${port}`;
}

export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  // The standalone server is one embedder: the API under /api/v1 and at the root, on its own port.
  let api: ReturnType<typeof createClaudeCodeApi> | undefined;
  const server = await listen(config, (req, env) => api!.app.fetch(req, env));
  // Shared mode: the other replicas reach this one at NODE_URL, by default the address it listens on.
  if (config.shared) {
    const bound = (server.address() as AddressInfo).port;
    config.shared.nodeUrl ??= advertisedUrl(config.host, bound);
    if (!config.shared.nodeIdGiven) config.shared.nodeId = `${os.hostname()}:${bound}`;
  }
  // Made in the same tick the port was bound: no request can come in between.
  api = createClaudeCodeApi({ config, logger, mount: 'both' });
  api.injectWebSocket(server);
  try {
    await api.ready;
  } catch (err) {
    await new Promise<void>((r) => server.close(() => r()));
    throw err;
  }
  const runtime = api.runtime!;
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  logger.info({ url }, 'listening');

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await api!.close();
      // Streams ended with their turns; idle keep-alive sockets need no more patience.
      (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
      await Promise.race([closed, new Promise((r) => setTimeout(r, 2_000).unref())]);
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
    })());
  return { url, port, runtime, stop };
}
