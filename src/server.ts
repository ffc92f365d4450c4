import { serve, type ServerType } from '@hono/node-server';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { createApp } from './http/app.js';
import { createRuntime, type Runtime } from './runtime.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

export interface RunningServer {
  url: string;
  port: number;
  runtime: Runtime;
  /** Stops accepting, interrupts turns, kills what remains after the grace period. */
  stop: () => Promise<void>;
}

export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const runtime = await createRuntime(config, logger);
  const app = createApp({
    config,
    logger,
    service: runtime.service,
    rateLimits: runtime.rateLimits,
    info: { version: pkg.version, cliVersion: runtime.cliVersion, startedAt: Date.now() },
  });
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  logger.info({ url }, 'listening');

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.close();
      // Streams ended with their turns; idle keep-alive sockets need no more patience.
      (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
      await Promise.race([closed, new Promise((r) => setTimeout(r, 2_000).unref())]);
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
    })());
  return { url, port, runtime, stop };
}
