import pino, { type DestinationStream, type Logger } from 'pino';

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'claude-code-api' },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Secrets never reach a log line, whichever module logs them.
    redact: { paths: ['*.apiKey', '*.authorization', '*["x-api-key"]', 'prompt', '*.prompt'], censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
