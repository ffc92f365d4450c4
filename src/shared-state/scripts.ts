import type { Redis } from 'ioredis';

// Lua run atomically by Redis: every check-then-write of the shared state is one of these.

/**
 * Writes a session's record only under the current epoch (a replica that lost the session cannot);
 * a create's admission is complete once its record is there. KEYS: epoch, record, admitting. ARGV: epoch, JSON, id.
 */
const FENCED_SET = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[2])
redis.call('HDEL', KEYS[3], ARGV[3])
return 1`;

/** Appends one event (id `<n>-0`) to the session's stream under the current epoch. */
const FENCED_XADD = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], ARGV[3] .. '-0', 'e', ARGV[4])
return 1`;

/**
 * Admits a new session under the shared caps and makes the caller its owner. Until its record is
 * written the place is held by the lease alone (noted in `admitting` with the key that holds it):
 * a replica that dies meanwhile stops renewing it, and ADOPT gives the place back.
 * KEYS: sessions, ownerSessions, lease, epoch, admitting. ARGV: createdAt, id, maxSessions, maxPerKey (-1: none),
 * reserve, fairShare, nodeId, leaseMs, owner. Returns {0, epoch} or {code, total}.
 */
const ADMIT = `
local total = redis.call('ZCARD', KEYS[1])
if total >= tonumber(ARGV[3]) then return {1, total} end
if tonumber(ARGV[4]) >= 0 then
  local mine = redis.call('ZCARD', KEYS[2])
  if mine >= tonumber(ARGV[4]) then return {2, total} end
  if total >= tonumber(ARGV[3]) - tonumber(ARGV[5]) and mine >= tonumber(ARGV[6]) then return {3, total} end
end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[1], ARGV[2])
local epoch = redis.call('INCR', KEYS[4])
redis.call('SET', KEYS[3], ARGV[7] .. ' ' .. epoch, 'PX', ARGV[8])
redis.call('HSET', KEYS[5], ARGV[2], ARGV[9])
return {0, epoch}`;

/**
 * Takes a session whose owner's lease ran out. A session admitted whose lease ran out before its
 * record was written was a create its replica did not finish (it died): its place under the caps is
 * given back. KEYS: lease, epoch, record, sessions, admitting. ARGV: nodeId, leaseMs, id, owner-key prefix.
 * Returns the new epoch, 0 when someone holds it, -1 when the session does not exist.
 */
const ADOPT = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
if redis.call('EXISTS', KEYS[3]) == 0 then
  local owner = redis.call('HGET', KEYS[5], ARGV[3])
  if owner then redis.call('ZREM', ARGV[4] .. owner, ARGV[3]) end
  redis.call('ZREM', KEYS[4], ARGV[3])
  redis.call('HDEL', KEYS[5], ARGV[3])
  redis.call('DEL', KEYS[2])
  return -1
end
local epoch = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1] .. ' ' .. epoch, 'PX', ARGV[2])
return epoch`;

/**
 * Keeps a lease: extends it while it is ours; takes it back when it merely expired (Redis was away
 * longer than the lease) and nobody took over since (the epoch is still ours). KEYS: lease, epoch.
 * ARGV: nodeId, epoch, leaseMs. Returns 1 kept, 0 lost.
 */
const RENEW = `
local mine = ARGV[1] .. ' ' .. ARGV[2]
if redis.call('GET', KEYS[2]) ~= ARGV[2] then return 0 end
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= mine then return 0 end
redis.call('SET', KEYS[1], mine, 'PX', ARGV[3])
return 1`;

/** Lets a lease go (clean shutdown) so another replica adopts the session at once. KEYS: lease. ARGV: holder. */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) return 1 end
return 0`;

/**
 * Deletes a session and everything about it. KEYS: sessions, record, lease, epoch, events, unavailable, admitting.
 * ARGV: id, owner-key prefix.
 */
const REMOVE = `
local raw = redis.call('GET', KEYS[2])
if raw then
  local ok, rec = pcall(cjson.decode, raw)
  if ok and type(rec) == 'table' and rec.owner then redis.call('ZREM', ARGV[2] .. rec.owner, ARGV[1]) end
end
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6])
redis.call('HDEL', KEYS[7], ARGV[1])
return 1`;

/** Gives back an admission whose create failed. KEYS: sessions, ownerSessions, lease, epoch, admitting. ARGV: id. */
const UNADMIT = `
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('DEL', KEYS[3], KEYS[4])
redis.call('HDEL', KEYS[5], ARGV[1])
return 1`;

/**
 * Writes a record only if it is at the revision read (a Managed Agents compare-and-set).
 * KEYS: records hash, revisions hash. ARGV: id, expected revision ('0': new), JSON. Returns 1 written, 0 stale.
 */
const HASH_CAS = `
if (redis.call('HGET', KEYS[2], ARGV[1]) or '0') ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
return 1`;

/**
 * Counts one turn's usage: adds to the totals and appends the change to the ledger's feed with
 * the next sequence number as its id (`<seq>-0`), so a replica reading the feed sees a gap as one.
 * KEYS: usage hash, sequence, feed stream. ARGV: feed MAXLEN, entry JSON, then field/increment pairs.
 * Returns the sequence number.
 */
const USAGE_ADD = `
for i = 3, #ARGV, 2 do redis.call('HINCRBYFLOAT', KEYS[1], ARGV[i], ARGV[i + 1]) end
local seq = redis.call('INCR', KEYS[2])
redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[1], seq .. '-0', 'e', ARGV[2])
return seq`;

const SCRIPTS = {
  usageAdd: { numberOfKeys: 3, lua: USAGE_ADD },
  hashCas: { numberOfKeys: 2, lua: HASH_CAS },
  fencedSet: { numberOfKeys: 3, lua: FENCED_SET },
  fencedXadd: { numberOfKeys: 2, lua: FENCED_XADD },
  admit: { numberOfKeys: 5, lua: ADMIT },
  adopt: { numberOfKeys: 5, lua: ADOPT },
  renew: { numberOfKeys: 2, lua: RENEW },
  release: { numberOfKeys: 1, lua: RELEASE },
  remove: { numberOfKeys: 7, lua: REMOVE },
  unadmit: { numberOfKeys: 5, lua: UNADMIT },
} as const;

export type ScriptName = keyof typeof SCRIPTS;
type Arg = string | number;

/** The scripts, loaded once per client (EVALSHA, re-sent when Redis forgot them). */
export class Scripts {
  constructor(private readonly redis: Redis) {
    for (const [name, s] of Object.entries(SCRIPTS)) redis.defineCommand(name, s);
  }

  run<T = unknown>(name: ScriptName, keys: string[], args: Arg[]): Promise<T> {
    const fn = (this.redis as unknown as Record<ScriptName, (...a: Arg[]) => Promise<T>>)[name];
    return fn.call(this.redis, ...keys, ...args);
  }

  /** The same call queued on a pipeline (lease renewal of many sessions in one round trip). */
  queue(pipeline: ReturnType<Redis['pipeline']>, name: ScriptName, keys: string[], args: Arg[]): void {
    (pipeline as unknown as Record<ScriptName, (...a: Arg[]) => unknown>)[name].call(pipeline, ...keys, ...args);
  }
}
