/** Every Redis key the service uses, under one prefix (REDIS_KEY_PREFIX), in one place. */
export class Keys {
  constructor(readonly prefix: string) {}
  /** Session ids by (createdAt, id): a sorted set, score createdAt, members ordered by id on ties. */
  get sessions(): string {
    return `${this.prefix}sessions`;
  }
  ownerSessions(owner: string): string {
    return `${this.prefix}owner:${owner}`;
  }
  /** Sessions admitted whose record is not written yet: id → the key (owner) whose cap holds the place. */
  get admitting(): string {
    return `${this.prefix}admitting`;
  }
  record(id: string): string {
    return `${this.prefix}session:${id}`;
  }
  /** `<nodeId> <epoch>` with a TTL: who runs the session's turns. */
  lease(id: string): string {
    return `${this.prefix}lease:${id}`;
  }
  /** Bumped at every takeover; every write of the session checks it. */
  epoch(id: string): string {
    return `${this.prefix}epoch:${id}`;
  }
  events(id: string): string {
    return `${this.prefix}events:${id}`;
  }
  /** Why a session could not be adopted (its files are not on storage this replica sees). */
  unavailable(id: string): string {
    return `${this.prefix}unavailable:${id}`;
  }
  node(nodeId: string): string {
    return `${this.prefix}node:${nodeId}`;
  }
  ticket(ticket: string): string {
    return `${this.prefix}ticket:${ticket}`;
  }
  /** Usage totals: a hash `owner␁day␁model␁metric` → sum. */
  get usage(): string {
    return `${this.prefix}usage`;
  }
  /** The sequence number of the last change to the usage totals. */
  get usageSeq(): string {
    return `${this.prefix}usage:seq`;
  }
  /** The changes to the usage totals, newest last (ids `<seq>-0`): what replicas read instead of the whole hash. */
  get usageFeed(): string {
    return `${this.prefix}usage:feed`;
  }
  get clusterSecret(): string {
    return `${this.prefix}cluster-secret`;
  }
  /** Managed Agents records of one kind (agents, environments, sessions): a hash id → JSON. */
  managedAgents(kind: 'agents' | 'environments' | 'sessions'): string {
    return `${this.prefix}ma:${kind}`;
  }
  /** Their revisions (a hash id → count of writes): what a compare-and-set checks. */
  managedAgentsRevs(kind: 'agents' | 'environments' | 'sessions'): string {
    return `${this.prefix}ma:${kind}:rev`;
  }
  rateLimit(budget: string): string {
    return `${this.prefix}rl:${budget}`;
  }
}
