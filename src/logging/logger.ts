import pino, { type DestinationStream, type Logger } from 'pino';
import { registerAccessDestination } from './access-log.js';
import { LineSink } from './line-sink.js';
import { LOG_BASE, LOG_MESSAGE_KEY } from './log-format.js';

/** The service's logger: JSON lines to stdout (or `destination`), secrets redacted. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: LOG_BASE,
    messageKey: LOG_MESSAGE_KEY,
    timestamp: pino.stdTimeFunctions.isoTime,
    // Secrets never reach a log line, whichever module logs them.
    redact: { paths: ['*.apiKey', '*.authorization', '*["x-api-key"]', 'prompt', '*.prompt'], censor: '[redacted]' },
  };
  const dest = destination ?? new LineSink(1);
  const logger = pino(options, dest);
  registerAccessDestination(logger, dest);
  return logger;
}

/** Lines for people (a terminal): levels in words and colour, time of day, fields after the message. */
export async function prettyDestination(): Promise<DestinationStream> {
  // Loaded only for a terminal: ~0.5 MiB of heap the JSON logger never uses.
  const { default: pretty } = await import('pino-pretty');
  return pretty({ colorize: true, sync: true, messageKey: LOG_MESSAGE_KEY, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' });
}
