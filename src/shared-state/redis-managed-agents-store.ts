import type { Redis } from 'ioredis';
import type { z } from 'zod';
import { ApiError } from '../errors.js';
import { AgentRecord, EnvironmentRecord, SessionMeta, type Change, type ManagedAgentsStore } from '../compat/managed-agents/store.js';
import type { Keys } from './keys.js';
import { store } from './redis-connection.js';
import type { Scripts } from './scripts.js';

type Kind = 'agents' | 'environments' | 'sessions';
// Compare-and-set retries before giving up (only reached when one record is written that often at once).
const MAX_ATTEMPTS = 20;

/**
 * Shared mode's Managed Agents store: one Redis hash per kind (id → JSON) and one of revisions.
 * A change reads the record and its revision in one MULTI and writes with a Lua compare-and-set
 * on the revision, running again on a newer record: an agent's version check is exact across replicas.
 */
export class RedisManagedAgentsStore implements ManagedAgentsStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly scripts: Scripts,
  ) {}

  agent(id: string) {
    return this.one('agents', AgentRecord, id);
  }
  agents() {
    return this.all('agents', AgentRecord);
  }
  addAgent(a: AgentRecord) {
    return this.add('agents', a.id, a);
  }
  changeAgent(id: string, change: Change<AgentRecord>) {
    return this.change('agents', AgentRecord, id, change);
  }

  environment(id: string) {
    return this.one('environments', EnvironmentRecord, id);
  }
  environments() {
    return this.all('environments', EnvironmentRecord);
  }
  addEnvironment(e: EnvironmentRecord) {
    return this.add('environments', e.id, e);
  }
  changeEnvironment(id: string, change: Change<EnvironmentRecord>) {
    return this.change('environments', EnvironmentRecord, id, change);
  }
  removeEnvironment(id: string) {
    return this.remove('environments', [id]);
  }

  session(id: string) {
    return this.one('sessions', SessionMeta, id);
  }
  async sessions(ids: readonly string[]): Promise<Map<string, SessionMeta>> {
    const out = new Map<string, SessionMeta>();
    if (ids.length === 0) return out;
    const raws = await store(() => this.redis.hmget(this.keys.managedAgents('sessions'), ...ids));
    raws.forEach((raw, i) => {
      const meta = parse(SessionMeta, raw);
      if (meta) out.set(ids[i]!, meta);
    });
    return out;
  }
  async putSession(id: string, meta: SessionMeta): Promise<void> {
    const k = this.keys;
    await store(() => this.redis.multi().hset(k.managedAgents('sessions'), id, JSON.stringify(meta)).hincrby(k.managedAgentsRevs('sessions'), id, 1).exec());
  }
  changeSession(id: string, change: Change<SessionMeta>) {
    return this.change('sessions', SessionMeta, id, change);
  }
  removeSession(id: string) {
    return this.remove('sessions', [id]);
  }
  async prune(exist: (ids: readonly string[]) => Promise<boolean[]>): Promise<void> {
    const ids = await store(() => this.redis.hkeys(this.keys.managedAgents('sessions')));
    const alive = await exist(ids);
    const gone = ids.filter((_, i) => !alive[i]);
    if (gone.length) await this.remove('sessions', gone);
  }

  /** Every write is done when its call resolves. */
  async flush(): Promise<void> {}

  private async one<S extends z.ZodType>(kind: Kind, schema: S, id: string): Promise<z.output<S> | undefined> {
    return parse(schema, await store(() => this.redis.hget(this.keys.managedAgents(kind), id)));
  }

  private async all<S extends z.ZodType>(kind: Kind, schema: S): Promise<Array<z.output<S>>> {
    const raws = await store(() => this.redis.hvals(this.keys.managedAgents(kind)));
    return raws.flatMap((raw) => parse(schema, raw) ?? []);
  }

  private async add(kind: Kind, id: string, value: unknown): Promise<void> {
    const written = await store(() => this.scripts.run<number>('hashCas', [this.keys.managedAgents(kind), this.keys.managedAgentsRevs(kind)], [id, '0', JSON.stringify(value)]));
    if (written !== 1) throw new ApiError('CONFLICT', `${id} exists already`);
  }

  private async change<S extends z.ZodType>(kind: Kind, schema: S, id: string, change: Change<z.output<S>>): Promise<z.output<S> | undefined> {
    const k = this.keys;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const res = await store(() => this.redis.multi().hget(k.managedAgents(kind), id).hget(k.managedAgentsRevs(kind), id).exec());
      const raw = res?.[0]?.[1];
      const rev = res?.[1]?.[1];
      const cur = parse(schema, typeof raw === 'string' ? raw : null);
      if (cur === undefined) return undefined;
      const next = change(cur);
      if (next === null) return cur;
      const expected = typeof rev === 'string' ? rev : '0';
      const written = await store(() => this.scripts.run<number>('hashCas', [k.managedAgents(kind), k.managedAgentsRevs(kind)], [id, expected, JSON.stringify(next)]));
      if (written === 1) return next;
    }
    throw new ApiError('CONFLICT', `${id} is being changed by many requests at once: try again`);
  }

  private async remove(kind: Kind, ids: string[]): Promise<void> {
    const k = this.keys;
    await store(() => this.redis.multi().hdel(k.managedAgents(kind), ...ids).hdel(k.managedAgentsRevs(kind), ...ids).exec());
  }
}

/** A stored record, zod-checked (one that does not parse is left out, as a corrupt file is on one node). */
function parse<S extends z.ZodType>(schema: S, raw: string | null | undefined): z.output<S> | undefined {
  if (raw === null || raw === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
