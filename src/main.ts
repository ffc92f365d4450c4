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
let server: Awaited<ReturnType<typeof startServer>> | undefined;
// Handled from the start: a SIGTERM while the server starts (it may already listen and have said
// so) stops it cleanly once it is up, instead of killing it with its state half set up.
let signalledWhileStarting: string | null = null;
let startDeadline: NodeJS.Timeout | undefined;
const onSignal = (signal: string) => {
  if (server) return shutdown(server, signal);
  signalledWhileStarting ??= signal;
  // A start-up stuck on something (a store that does not answer) still ends.
  startDeadline ??= setTimeout(() => {
    logger.error({ signal }, 'still starting 10 s after the signal: exiting without a clean stop');
    process.exit(1);
  }, 10_000).unref();
};
process.once('SIGTERM', () => onSignal('SIGTERM'));
process.once('SIGINT', () => onSignal('SIGINT'));
try {
  server = await startServer(config, logger);
  clearTimeout(startDeadline);
} catch (err) {
  // Faults an operator fixes: one line, exit 1 (anything else keeps its stack).
  if (err instanceof PortInUseError || err instanceof StateLockedError || err instanceof SandboxStartError || err instanceof RedisUnreachableError) {
    logger.fatal({ code: err.name }, err.message);
    await new Promise((r) => setTimeout(r, 50)); // let the log line out
    process.exit(1);
  }
  throw err;
}

function shutdown(running: NonNullable<typeof server>, signal: string): void {
  logger.info({ signal }, 'shutting down');
  running.stop().then(
    () => {
      logger.info('stopped');
      process.exit(0);
    },
    (err: unknown) => {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    },
  );
}
if (signalledWhileStarting) shutdown(server, signalledWhileStarting);
