import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { SessionEvent } from '../sessions/events.js';
import type { SessionRecord } from '../sessions/session.js';
import { dayOf, emptyUsage, UsageLedger, type LedgerData, type UsageTotals } from '../usage/ledger.js';
import type { Keys } from './keys.js';

const METRICS: Array<keyof UsageTotals> = ['turns', 'costUsd', 'inputTokens', 'outputTokens', 'cacheCreationInputTokens', 'cacheReadInputTokens'];
const SEP = '\u0001';

/**
 * The usage ledger in one Redis hash (`owner␁day␁model␁metric` → sum, HINCRBYFLOAT), so every
 * replica counts into and reads the same totals. Reads (budgets, /usage) use a copy refreshed
 * every second and after each write of this replica.
 */
export class RedisUsageLedger extends UsageLedger {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly logger: Logger,
    private readonly refreshMs = 1_000,
  ) {
    super(null);
  }

  override async load(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh().catch(() => {}), this.refreshMs);
    this.timer.unref();
  }

  /** Reads the totals again (also before a budget decision that must be exact). */
  async refresh(): Promise<void> {
    const all = await this.redis.hgetall(this.keys.usage);
    const data: LedgerData = {};
    for (const [field, value] of Object.entries(all)) {
      const [owner, day, model, metric] = field.split(SEP);
      if (!owner || !day || !model || !METRICS.includes(metric as keyof UsageTotals)) continue;
      const t = (((data[owner] ??= {})[day] ??= {})[model] ??= emptyUsage());
      t[metric as keyof UsageTotals] = Number(value);
    }
    this.data = data;
  }

  override observe(record: SessionRecord, event: SessionEvent): void {
    if (event.type !== 'turn_finished' || !event.result) return;
    const r = event.result;
    const add: UsageTotals = { turns: 1, costUsd: r.costUsd, ...r.usage };
    const day = dayOf(Date.parse(event.at));
    const model = record.options.model;
    // Counted here at once (this replica's next budget decision sees it), and in Redis for all.
    const t = (((this.data[record.owner] ??= {})[day] ??= {})[model] ??= emptyUsage());
    const pipe = this.redis.pipeline();
    for (const m of METRICS) {
      t[m] += add[m];
      if (add[m] !== 0) pipe.hincrbyfloat(this.keys.usage, [record.owner, day, model, m].join(SEP), add[m]);
    }
    void pipe.exec().catch((err: unknown) => this.logger.error({ sessionId: record.id, err: (err as Error).message }, 'usage not counted in redis'));
  }

  override async flush(): Promise<void> {
    clearInterval(this.timer);
  }
}
