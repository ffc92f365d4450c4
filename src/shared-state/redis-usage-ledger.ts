import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { SessionEvent } from '../sessions/events.js';
import type { SessionRecord } from '../sessions/session.js';
import { emptyUsage, entryOf, LedgerEntry, UsageLedger, type LedgerData, type UsageTotals } from '../usage/ledger.js';
import type { Keys } from './keys.js';
import type { Scripts } from './scripts.js';

const METRICS: Array<keyof UsageTotals> = ['turns', 'costUsd', 'inputTokens', 'outputTokens', 'cacheCreationInputTokens', 'cacheReadInputTokens'];
const SEP = '\u0001';

export interface RedisUsageLedgerOptions {
  /** How often the feed is read, ms. */
  refreshMs?: number;
  /** Changes kept in the feed (approximate): a replica further behind reads the whole hash again. */
  feedMax?: number;
  /** Feed entries read per round trip. */
  batch?: number;
  /**
   * The whole hash is read again this often anyway, ms: changes counted by older versions (which
   * write no feed) during a rolling upgrade. Rare, as a large hash holds the event loop while it is read.
   */
  fullReloadMs?: number;
}

// A feed entry as written by USAGE_ADD: the writer's entry id, then the change.
const FeedEntry = z.object({ id: z.string(), e: LedgerEntry });

/**
 * The usage ledger in Redis, so every replica counts into and reads the same totals: a hash
 * (`owner␁day␁model␁metric` → sum, HINCRBYFLOAT) and a feed of the changes (a stream with ids
 * `<seq>-0`). A replica reads the hash once at start and then only the feed, every second:
 * re-reading the whole hash every second grew with every key, day and model (a year of 50 keys:
 * 219,000 fields, ~1.2 s of CPU per read).
 */
export class RedisUsageLedger extends UsageLedger {
  private timer: NodeJS.Timeout | undefined;
  /** The sequence number this copy is complete up to. */
  private seq = 0;
  private lastFullAt = 0;
  /** This replica's changes the feed has not shown back yet (applied here already), by entry id. */
  private readonly pending = new Map<string, { seq: number | null; entry: LedgerEntry }>();
  private readonly me = randomUUID();
  private n = 0;
  private reading: Promise<void> | null = null;
  private readonly opts: Required<RedisUsageLedgerOptions>;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly scripts: Scripts,
    private readonly logger: Logger,
    opts: RedisUsageLedgerOptions = {},
  ) {
    super(null);
    this.opts = { refreshMs: 1_000, feedMax: 10_000, batch: 1_000, fullReloadMs: 3_600_000, ...opts };
  }

  override async load(): Promise<void> {
    await this.reload();
    this.timer = setInterval(() => void this.refresh().catch(() => {}), this.opts.refreshMs);
    this.timer.unref();
  }

  /** Brings the copy up to date (every refreshMs, and when asked). One pass at a time. */
  refresh(): Promise<void> {
    this.reading ??= (performance.now() - this.lastFullAt >= this.opts.fullReloadMs ? this.reload() : this.readFeed()).finally(() => (this.reading = null));
    return this.reading;
  }

  // The hash and its sequence number in one transaction: the feed after that number holds exactly what the copy lacks.
  private async reload(): Promise<void> {
    const [seqValue, hash] = replies(await this.redis.multi().get(this.keys.usageSeq).hgetall(this.keys.usage).exec(), 'usage reload');
    const seq = Number(seqValue ?? 0);
    const data: LedgerData = {};
    for (const [field, value] of Object.entries(hash as Record<string, string>)) {
      const [owner, day, model, metric] = field.split(SEP);
      if (!owner || !day || !model || !METRICS.includes(metric as keyof UsageTotals)) continue;
      const t = (((data[owner] ??= {})[day] ??= {})[model] ??= emptyUsage());
      t[metric as keyof UsageTotals] = Number(value);
    }
    this.data = data;
    this.seq = seq;
    this.lastFullAt = performance.now();
    // This replica's changes the hash does not hold yet (written after it was read, or still on their way).
    for (const [id, p] of this.pending) {
      if (p.seq !== null && p.seq <= seq) this.pending.delete(id);
      else this.add(p.entry);
    }
  }

  private async readFeed(): Promise<void> {
    for (;;) {
      const [seqValue, feed] = replies(
        await this.redis.multi().get(this.keys.usageSeq).xrange(this.keys.usageFeed, `${this.seq + 1}-0`, '+', 'COUNT', this.opts.batch).exec(),
        'usage feed',
      );
      const latest = Number(seqValue ?? 0);
      const entries = feed as Array<[string, string[]]>;
      if (latest <= this.seq) return;
      // Trimmed past what this copy has: read the whole hash again.
      if (entries.length === 0 || seqOf(entries[0]![0]) !== this.seq + 1) return this.reload();
      for (const [id, fields] of entries) {
        this.seq = seqOf(id);
        const parsed = FeedEntry.safeParse(parseJson(fields[1]));
        if (!parsed.success) continue;
        if (this.pending.delete(parsed.data.id)) continue; // this replica's own, applied already
        this.add(parsed.data.e);
      }
      if (this.seq >= latest) return;
    }
  }

  override observe(record: SessionRecord, event: SessionEvent): void {
    const entry = entryOf(record, event);
    if (!entry) return;
    // Counted here at once (this replica's next budget decision sees it), and in Redis for all.
    this.add(entry);
    const id = `${this.me}.${++this.n}`;
    const mine = { seq: null as number | null, entry };
    this.pending.set(id, mine);
    const args: Array<string | number> = [this.opts.feedMax, JSON.stringify({ id, e: entry })];
    for (const m of METRICS) if (entry.add[m] !== 0) args.push([entry.owner, entry.day, entry.model, m].join(SEP), entry.add[m]);
    this.scripts.run<number>('usageAdd', [this.keys.usage, this.keys.usageSeq, this.keys.usageFeed], args).then(
      (seq) => {
        mine.seq = Number(seq);
      },
      (err: unknown) => {
        // Not in Redis: it stays counted here until the next full read.
        this.pending.delete(id);
        this.logger.error({ sessionId: record.id, err: (err as Error).message }, 'usage not counted in redis');
      },
    );
  }

  override async flush(): Promise<void> {
    clearInterval(this.timer);
  }
}

/** The values of a transaction's replies, or the first error (null: the transaction was aborted). */
function replies(res: Array<[Error | null, unknown]> | null, what: string): unknown[] {
  if (!res) throw new Error(`${what}: transaction aborted`);
  for (const [err] of res) if (err) throw err;
  return res.map(([, value]) => value);
}

const seqOf = (streamId: string) => Number(streamId.slice(0, streamId.indexOf('-')));

function parseJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    return null;
  }
}
