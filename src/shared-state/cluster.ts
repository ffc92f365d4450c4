import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config, SharedConfig } from '../config.js';
import { ApiError } from '../errors.js';
import type { SessionRecord } from '../sessions/session.js';
import type { SharedRegistry } from '../sessions/shared-registry.js';
import { parseRecord } from '../store/record-schema.js';
import type { SessionDirs } from '../sandbox/session-dirs.js';
import type { Fences } from './fences.js';
import type { Keys } from './keys.js';
import { store } from './redis-connection.js';
import type { Scripts } from './scripts.js';

/** Where a request for a session is answered. */
export type Location = { kind: 'local' } | { kind: 'remote'; nodeId: string; url: string };

/** What the cluster needs of the session service (kept narrow: it is the domain's, not ours). */
export interface OwnedSessions {
  owns(id: string): boolean;
  ownedIds(): string[];
  adopt(record: SessionRecord): Promise<{ interrupted: boolean }>;
  evict(id: string): Promise<void>;
}

interface ClusterDeps {
  redis: Redis;
  keys: Keys;
  scripts: Scripts;
  fences: Fences;
  config: Config;
  shared: SharedConfig;
  sessionDirs: SessionDirs;
  logger: Logger;
}

/**
 * This replica in the cluster: its heartbeat, the leases of the sessions it owns (renewed a few
 * times per lease), adoption of sessions whose owner stopped renewing, and where a request for
 * a session goes (here, or the owner's URL).
 */
export class Cluster implements SharedRegistry {
  private sessions: OwnedSessions | null = null;
  private timers: NodeJS.Timeout[] = [];
  private readonly adopting = new Map<string, Promise<boolean>>();
  private secretValue = '';
  private stopped = false;
  /** When this replica last renewed its leases: past a lease's worth, its ownership is doubtful. */
  private renewedAt = 0;

  constructor(private readonly deps: ClusterDeps) {}

  get nodeId(): string {
    return this.deps.shared.nodeId;
  }

  /** The token replicas forward requests with (shared through Redis, never configured). */
  get secret(): string {
    return this.secretValue;
  }

  /** Joins: the shared secret, the heartbeat, lease renewal and the adoption sweep. */
  async start(sessions: OwnedSessions, nodeUrl: string): Promise<void> {
    const { redis, keys, shared, fences, logger } = this.deps;
    this.sessions = sessions;
    await redis.set(keys.clusterSecret, randomBytes(32).toString('base64url'), 'NX');
    this.secretValue = (await redis.get(keys.clusterSecret)) ?? '';
    fences.whenLost((id) => void sessions.evict(id));
    await this.forgetPreviousLife();
    const beat = () => redis.set(keys.node(this.nodeId), nodeUrl, 'PX', shared.leaseMs);
    await beat();
    const renewEvery = Math.max(200, Math.floor(shared.leaseMs / 3));
    this.every(renewEvery, async () => {
      await beat();
      await this.renew();
    });
    this.every(Math.max(250, Math.floor(shared.leaseMs / 2)), () => this.sweep());
    logger.info({ nodeId: this.nodeId, nodeUrl, leaseMs: shared.leaseMs }, 'joined the cluster');
  }

  /**
   * Leases under this NODE_ID still held from before a restart name a process that is gone: they
   * are let go, so the sessions are adopted (by this replica or another) like any dead owner's.
   */
  private async forgetPreviousLife(): Promise<void> {
    const { redis, keys, scripts } = this.deps;
    const ids = await redis.zrange(keys.sessions, '0', '-1');
    for (let i = 0; i < ids.length; i += 200) {
      const batch = ids.slice(i, i + 200);
      const leases = await redis.mget(batch.map((id) => keys.lease(id)));
      for (const [j, lease] of leases.entries()) {
        if (lease !== null && lease.slice(0, lease.lastIndexOf(' ')) === this.nodeId) await scripts.run('release', [keys.lease(batch[j]!)], [lease]);
      }
    }
  }

  private every(ms: number, fn: () => Promise<void>): void {
    let running = false;
    const t = setInterval(() => {
      if (running || this.stopped) return;
      running = true;
      fn()
        .catch((err: unknown) => this.deps.logger.debug({ err: (err as Error).message }, 'cluster housekeeping failed (redis away?)'))
        .finally(() => (running = false));
    }, ms);
    t.unref();
    this.timers.push(t);
  }

  /** Extends every lease held; a lease another replica took means the session is gone from here. */
  private async renew(): Promise<void> {
    const { redis, keys, scripts, fences, shared } = this.deps;
    const held = fences.held();
    if (held.length === 0) return void (this.renewedAt = Date.now());
    const pipe = redis.pipeline();
    for (const [id, epoch] of held) scripts.queue(pipe, 'renew', [keys.lease(id), keys.epoch(id)], [this.nodeId, epoch, shared.leaseMs]);
    const started = Date.now();
    const results = (await pipe.exec()) ?? [];
    this.renewedAt = started;
    results.forEach(([err, kept], i) => {
      if (!err && kept === 0) {
        this.deps.logger.warn({ sessionId: held[i]![0] }, 'lease lost to another replica');
        fences.lost(held[i]![0]);
      }
    });
  }

  /** Adopts every session that has no live lease (its owner died, or stopped cleanly). */
  private async sweep(): Promise<void> {
    const { redis, keys } = this.deps;
    const ids = await redis.zrange(keys.sessions, '0', '-1');
    for (let i = 0; i < ids.length && !this.stopped; i += 200) {
      const batch = ids.slice(i, i + 200).filter((id) => !this.sessions!.owns(id));
      if (batch.length === 0) continue;
      const leases = await redis.mget(batch.map((id) => keys.lease(id)));
      for (const [j, lease] of leases.entries()) if (lease === null) await this.adopt(batch[j]!).catch(() => false);
    }
  }

  /** Where a request for this session is answered (adopting it when nobody owns it). */
  async locate(id: string): Promise<Location> {
    // Renewed recently: still ours. Otherwise (paused, cut off from Redis) Redis says whose it is.
    if (this.sessions!.owns(id) && Date.now() - this.renewedAt < this.deps.shared.leaseMs / 2) return { kind: 'local' };
    const { redis, keys } = this.deps;
    for (let attempt = 0; attempt < 3; attempt++) {
      const lease = await store(() => redis.get(keys.lease(id)));
      if (lease === null) {
        if (await store(() => this.adopt(id))) return { kind: 'local' };
        const reason = await store(() => redis.get(keys.unavailable(id)));
        if (reason !== null) throw new ApiError('SESSION_UNAVAILABLE', reason, { reason });
        if (!(await store(() => redis.exists(keys.record(id))))) return { kind: 'local' }; // unknown here: the service says 404
        continue; // taken by another replica meanwhile
      }
      const nodeId = lease.slice(0, lease.lastIndexOf(' '));
      if (nodeId === this.nodeId) return { kind: 'local' };
      // Taken over while this replica was away: give it up before answering anything about it.
      if (this.sessions!.owns(id)) this.deps.fences.lost(id);
      const url = await store(() => redis.get(keys.node(nodeId)));
      if (url === null) throw unreachable(nodeId, this.deps.shared.leaseMs);
      return { kind: 'remote', nodeId, url };
    }
    throw unreachable('unknown', this.deps.shared.leaseMs);
  }

  /** Takes the session if its lease is free; false when another replica holds it or it does not exist. */
  adopt(id: string): Promise<boolean> {
    let p = this.adopting.get(id);
    if (!p) {
      p = this.tryAdopt(id).finally(() => this.adopting.delete(id));
      this.adopting.set(id, p);
    }
    return p;
  }

  private async tryAdopt(id: string): Promise<boolean> {
    const { redis, keys, scripts, fences, shared, logger } = this.deps;
    if (this.stopped || this.sessions!.owns(id)) return this.sessions!.owns(id);
    const epoch = await scripts.run<number>('adopt', [keys.lease(id), keys.epoch(id), keys.record(id), keys.sessions, keys.admitting], [this.nodeId, shared.leaseMs, id, keys.ownerSessions('')]);
    if (epoch <= 0) return false;
    try {
      const raw = await redis.get(keys.record(id));
      if (raw === null) throw new Error('record vanished');
      const record = parseRecord(JSON.parse(raw));
      const missing = this.missingFiles(record);
      if (missing) {
        // Kept as it is (record, history): another replica that sees the files can take it.
        await redis.set(keys.unavailable(id), missing);
        await scripts.run('release', [keys.lease(id)], [`${this.nodeId} ${epoch}`]);
        logger.error({ sessionId: id, reason: missing }, 'session cannot be adopted here');
        return false;
      }
      fences.hold(id, epoch);
      await this.sessions!.adopt(record);
      await redis.del(keys.unavailable(id));
      return true;
    } catch (err) {
      fences.drop(id);
      await scripts.run('release', [keys.lease(id)], [`${this.nodeId} ${epoch}`]).catch(() => {});
      throw err;
    }
  }

  // A session's files must be on storage every replica sees (a shared volume) for it to move.
  private missingFiles(record: SessionRecord): string | null {
    if (!existsSync(record.workspace)) return `the session's workspace ${record.workspace} is not on storage replica ${this.nodeId} sees (WORKSPACE_ROOT must be a shared volume)`;
    const configDir = this.deps.sessionDirs.paths(record.id).configDir;
    if (record.turnCount > 0 && !existsSync(configDir)) return `the session's CLI state ${configDir} is not on storage replica ${this.nodeId} sees (SANDBOX_DIR must be a shared volume)`;
    return null;
  }

  async admit(record: SessionRecord): Promise<{ release: () => Promise<void> }> {
    const { keys, scripts, fences, config, shared } = this.deps;
    const id = record.id;
    const capKeys = config.auth.disabled ? -1 : config.maxSessionsPerKey;
    const reserve = Math.floor(config.maxSessions / 5);
    const fairShare = Math.ceil(config.maxSessions / Math.max(1, config.auth.keys.length));
    const [code, value] = await store(() =>
      scripts.run<[number, number]>(
        'admit',
        [keys.sessions, keys.ownerSessions(record.owner), keys.lease(id), keys.epoch(id), keys.admitting],
        [record.createdAt, id, config.maxSessions, capKeys, reserve, fairShare, this.nodeId, shared.leaseMs, record.owner],
      ),
    );
    if (code === 1) throw new ApiError('SESSION_LIMIT', `the service holds its maximum of ${config.maxSessions} sessions`);
    if (code === 2) throw new ApiError('SESSION_LIMIT', `this key holds its maximum of ${config.maxSessionsPerKey} sessions`);
    if (code === 3) {
      throw new ApiError('SESSION_LIMIT', `the service is nearly full (${value} of ${config.maxSessions}); the last sessions are kept for keys below their fair share of ${fairShare}`);
    }
    fences.hold(id, value);
    return {
      release: async () => {
        fences.drop(id);
        await scripts.run('unadmit', [keys.sessions, keys.ownerSessions(record.owner), keys.lease(id), keys.epoch(id), keys.admitting], [id]);
      },
    };
  }

  async exist(ids: readonly string[]): Promise<boolean[]> {
    const { redis, keys } = this.deps;
    const out: boolean[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const batch = ids.slice(i, i + 500);
      if (batch.length === 0) break;
      const scores = await store(() => redis.zmscore(keys.sessions, ...batch));
      for (const score of scores) out.push(score !== null);
    }
    return out;
  }

  async list(owner: string | undefined, limit: number, after?: { createdAt: number; id: string }): Promise<{ records: SessionRecord[]; more: boolean }> {
    const { redis, keys } = this.deps;
    const set = owner === undefined ? keys.sessions : keys.ownerSessions(owner);
    const records: SessionRecord[] = [];
    let start = after ? await this.rankAfter(set, after) : 0;
    // Ids admitted whose record is not written yet (a create under way) are skipped.
    while (records.length <= limit) {
      const ids = await store(() => redis.zrange(set, String(start), String(start + limit)));
      if (ids.length === 0) break;
      start += ids.length;
      const raws = await store(() => redis.mget(ids.map((id) => keys.record(id))));
      for (const raw of raws) {
        if (raw === null) continue;
        try {
          records.push(parseRecord(JSON.parse(raw)));
        } catch {
          // unreadable: left out of listings, as a corrupt file is on one node
        }
      }
    }
    return { records: records.slice(0, limit), more: records.length > limit };
  }

  // The rank of the first member after (createdAt, id): members with one score sort by id.
  private async rankAfter(set: string, after: { createdAt: number; id: string }): Promise<number> {
    const { redis } = this.deps;
    const before = await store(() => redis.zcount(set, '-inf', `(${after.createdAt}`));
    const same = await store(() => redis.zrangebyscore(set, after.createdAt, after.createdAt));
    return before + same.filter((id) => id <= after.id).length;
  }

  /** Lets every lease go (after the service stopped its turns): other replicas adopt at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    const { redis, keys, scripts, fences } = this.deps;
    for (const [id, epoch] of fences.held()) {
      await scripts.run('release', [keys.lease(id)], [`${this.nodeId} ${epoch}`]).catch(() => {});
      fences.drop(id);
    }
    await redis.del(keys.node(this.nodeId)).catch(() => {});
  }
}

function unreachable(nodeId: string, leaseMs: number): ApiError {
  return new ApiError('SESSION_UNAVAILABLE', `the replica running this session (${nodeId}) is not answering; another replica takes it over within ${Math.ceil(leaseMs / 1000)} s`, {
    reason: 'owner_unreachable',
  });
}
