import { createRequire } from 'node:module';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { ApiError } from '../errors.js';

/** Redis could not be reached at start: the server says so in one line and exits. */
export class RedisUnreachableError extends Error {
  constructor(url: string, cause: unknown) {
    super(`REDIS_URL ${redactUrl(url)} cannot be reached (${(cause as Error)?.message ?? String(cause)}); start Redis or unset REDIS_URL for the single-node mode`);
    this.name = 'RedisUnreachableError';
  }
}

function redactUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

// Loaded on first use: a single node (no REDIS_URL) never pays the ~20 MiB ioredis costs resident.
const loadIoredis = () => createRequire(import.meta.url)('ioredis') as typeof import('ioredis');

/**
 * One client per replica. No offline queue and one retry per command: while Redis is away a
 * command fails at once (the request gets 503 STORE_UNAVAILABLE) instead of hanging; the client
 * reconnects by itself in the background.
 */
export function redisClient(url: string): Redis {
  const { Redis: Client } = loadIoredis();
  return new Client(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 3_000,
    commandTimeout: 5_000,
    retryStrategy: (times) => Math.min(100 * times, 1_000),
  });
}

/**
 * The one connection a replica's live event tails block on (XREAD BLOCK). A read in flight fails
 * at once when the connection drops (no retry, no resend), and a silent Redis fails it a few
 * seconds after its BLOCK ran out: a tail never hangs.
 */
export function blockingRedisClient(url: string, blockMs: number): Redis {
  const { Redis: Client } = loadIoredis();
  return new Client(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    connectTimeout: 3_000,
    commandTimeout: blockMs + 4_000,
    retryStrategy: (times) => Math.min(100 * times, 1_000),
    connectionName: 'cca-event-tail',
  });
}

/** Connects a client made by redisClient; Redis not answering is a RedisUnreachableError. */
export async function connectRedis(redis: Redis, url: string, logger: Logger): Promise<void> {
  let down = false;
  redis.on('error', (err: Error) => {
    if (!down) logger.error({ err: err.message }, 'redis connection lost; requests that need it answer 503 STORE_UNAVAILABLE until it is back');
    down = true;
  });
  redis.on('ready', () => {
    if (down) logger.info('redis connection back');
    down = false;
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    redis.disconnect();
    throw new RedisUnreachableError(url, err);
  }
}

/** Runs a Redis call; a connection failure becomes 503 STORE_UNAVAILABLE (never a 500 or a hang). */
export async function store<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new ApiError('STORE_UNAVAILABLE', `the shared store (Redis) cannot be reached: ${(err as Error).message}`);
  }
}
