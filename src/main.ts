import { ConfigError, loadConfig } from './config.js';
import { createLogger, prettyDestination } from './logging/logger.js';
import { PortInUseError, startServer } from './server.js';
import { StateLockedError } from './store/state-lock.js';
import { SandboxStartError } from './sandbox/select.js';
import { RedisUnreachableError } from './shared-state/redis-connection.js';

let config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
// JSON for machines; on a terminal (LOG_FORMAT=auto), lines a person can read.
const pretty = config.logFormat === 'pretty' || (config.logFormat === 'auto' && process.stdout.isTTY === true);
const logger = createLogger(config.logLevel, pretty ? await prettyDestination() : undefined);
let server;
try {
  server = await startServer(config, logger);
} catch (err) {
  // Faults an operator fixes: one line, exit 1 (anything else keeps its stack).
  if (err instanceof PortInUseError || err instanceof StateLockedError || err instanceof SandboxStartError || err instanceof RedisUnreachableError) {
    logger.fatal({ code: err.name }, err.message);
    await new Promise((r) => setTimeout(r, 50)); // let the log line out
    process.exit(1);
  }
  throw err;
}

const shutdown = (signal: string) => {
  logger.info({ signal }, 'shutting down');
  server.stop().then(
    () => {
      logger.info('stopped');
      process.exit(0);
    },
    (err: unknown) => {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    },
  );
};
process.once('SIGTERM', () => shutdown('SIGTERM'));
process.once('SIGINT', () => shutdown('SIGINT'));
