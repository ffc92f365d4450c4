import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config, SharedConfig } from '../config.js';
import type { SessionDirs } from '../sandbox/session-dirs.js';
import type { SessionRecord } from '../sessions/session.js';
import { Cluster } from './cluster.js';
import { Fences } from './fences.js';
import { Keys } from './keys.js';
import { connectRedis, redisClient, RedisUnreachableError } from './redis-connection.js';
import { RedisEventLog } from './redis-event-log.js';
import { RedisEventReader } from './redis-event-reader.js';
import { RedisEventTail } from './redis-event-tail.js';
import { RedisManagedAgentsStore } from './redis-managed-agents-store.js';
import { RedisRateLimits } from './redis-rate-limits.js';
import { RedisSessionStore } from './redis-session-store.js';
import { RedisUsageLedger } from './redis-usage-ledger.js';
import { RedisWsTickets } from './redis-ws-tickets.js';
import { Scripts } from './scripts.js';

/**
 * Shared mode's adapters, on one Redis client: made before the runtime (the HTTP app needs the
 * rate limiter and tickets first), connected by it.
 */
export class SharedState {
  readonly keys: Keys;
  readonly fences = new Fences();
  readonly rateLimits: RedisRateLimits | null;
  readonly tickets: RedisWsTickets;
  private client: Redis;
  private scriptsValue: Scripts | null = null;
  private clusterValue: Cluster | null = null;
  private tail: RedisEventTail | null = null;
  private readerValue: RedisEventReader | null = null;

  constructor(
    private readonly config: Config,
    readonly shared: SharedConfig,
    private readonly logger: Logger,
  ) {
    this.keys = new Keys(shared.keyPrefix);
    // Not connected yet: the limiter and tickets only use it once requests come (after connect()).
    this.client = redisClient(shared.redisUrl);
    this.rateLimits = config.rateLimit.enabled ? new RedisRateLimits(config.rateLimit, this.client, this.keys) : null;
    this.tickets = new RedisWsTickets(this.client, this.keys);
  }

  get redis(): Redis {
    return this.client;
  }

  get cluster(): Cluster {
    if (!this.clusterValue) throw new Error('shared state not connected');
    return this.clusterValue;
  }

  /** Any session's events, replayed and tailed from Redis on any replica. */
  get eventLogs(): RedisEventReader {
    if (!this.readerValue) throw new Error('shared state not connected');
    return this.readerValue;
  }

  /** Connects (a clear RedisUnreachableError when Redis is not there) and builds the cluster. */
  async connect(sessionDirs: SessionDirs): Promise<void> {
    await connectRedis(this.client, this.shared.redisUrl, this.logger);
    // Its own connection: a blocked XREAD holds it (one per replica, whatever the number of tails).
    this.tail = new RedisEventTail(this.shared.redisUrl, this.client, this.keys, { events: this.config.subscriberBuffer, bytes: this.config.subscriberBufferBytes }, this.logger);
    await this.tail.connect().catch((err: unknown) => {
      this.client.disconnect();
      throw new RedisUnreachableError(this.shared.redisUrl, err);
    });
    this.readerValue = new RedisEventReader(this.client, this.keys, this.tail);
    this.scriptsValue = new Scripts(this.client);
    this.clusterValue = new Cluster({
      redis: this.client,
      keys: this.keys,
      scripts: this.scriptsValue,
      fences: this.fences,
      config: this.config,
      shared: this.shared,
      sessionDirs,
      logger: this.logger,
    });
  }

  sessionStore(onError: (id: string, err: unknown) => void): RedisSessionStore {
    return new RedisSessionStore(this.client, this.keys, this.scripts, this.fences, onError);
  }

  /** Agents, environments and Managed Agents session metadata, seen alike by every replica. */
  managedAgentsStore(): RedisManagedAgentsStore {
    return new RedisManagedAgentsStore(this.client, this.keys, this.scripts);
  }

  usageLedger(): RedisUsageLedger {
    return new RedisUsageLedger(this.client, this.keys, this.scripts, this.logger);
  }

  /** Opens a session's history: its Redis Stream. */
  openLog = (record: SessionRecord) =>
    RedisEventLog.open(record.id, {
      redis: this.client,
      keys: this.keys,
      scripts: this.scripts,
      fences: this.fences,
      limits: { maxTurnBytes: this.config.historyMaxTurnBytes, maxLen: this.shared.eventStreamMaxLen },
      logger: this.logger,
    });

  private get scripts() {
    if (!this.scriptsValue) throw new Error('shared state not connected');
    return this.scriptsValue;
  }

  async close(): Promise<void> {
    this.tail?.close();
    await this.clusterValue?.stop();
    this.client.disconnect();
  }
}
