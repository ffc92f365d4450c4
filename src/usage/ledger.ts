import { z } from 'zod';
import type { SessionEvent } from '../sessions/events.js';
import type { SessionRecord } from '../sessions/session.js';
import { SnapshotJournal } from '../store/snapshot-journal.js';

export interface UsageTotals {
  turns: number;
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
  cacheCreationInputTokens: number;
  cacheReadInputTokens: number;
}

const Totals = z.object({
  turns: z.number(),
  costUsd: z.number(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  cacheCreationInputTokens: z.number(),
  cacheReadInputTokens: z.number(),
});
// owner → UTC day (YYYY-MM-DD) → model → totals
const LedgerFile = z.record(z.string(), z.record(z.string(), z.record(z.string(), Totals)));
export type LedgerData = z.infer<typeof LedgerFile>;
/** One turn's usage: a journal line (and, in shared mode, an entry of the ledger's feed). */
export const LedgerEntry = z.object({ owner: z.string(), day: z.string(), model: z.string(), add: Totals });
export type LedgerEntry = z.infer<typeof LedgerEntry>;
type Data = LedgerData;

export const emptyUsage = (): UsageTotals => ({ turns: 0, costUsd: 0, inputTokens: 0, outputTokens: 0, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 });

export function addUsage(into: UsageTotals, t: UsageTotals): UsageTotals {
  into.turns += t.turns;
  into.costUsd += t.costUsd;
  into.inputTokens += t.inputTokens;
  into.outputTokens += t.outputTokens;
  into.cacheCreationInputTokens += t.cacheCreationInputTokens;
  into.cacheReadInputTokens += t.cacheReadInputTokens;
  return into;
}

export const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** What a finished turn adds to the ledger (null: not a finished turn with a result). */
export function entryOf(record: SessionRecord, event: SessionEvent): LedgerEntry | null {
  if (event.type !== 'turn_finished' || !event.result) return null;
  const r = event.result;
  return { owner: record.owner, day: dayOf(Date.parse(event.at)), model: record.options.model, add: { turns: 1, costUsd: r.costUsd, ...r.usage } };
}

/**
 * Cost and tokens per key, per day and per model, persisted so budgets survive restarts: a
 * snapshot plus a journal with one line per turn (the whole ledger was rewritten at every turn).
 */
export class UsageLedger {
  protected data: Data = {};
  private readonly journal: SnapshotJournal | null;

  /** @param file the snapshot's path, `STATE_DIR/usage.json` (null: kept elsewhere, see RedisUsageLedger) */
  constructor(file: string | null, onError: (err: unknown) => void = () => {}) {
    this.journal = file ? new SnapshotJournal(file, () => this.data, onError) : null;
  }

  async load(): Promise<void> {
    if (!this.journal) return;
    const { data, entries } = await this.journal.load();
    const parsed = LedgerFile.safeParse(data);
    this.data = parsed.success ? parsed.data : {}; // none yet, or unreadable: start counting afresh
    for (const e of entries) {
      const entry = LedgerEntry.safeParse(e);
      if (entry.success) this.add(entry.data);
    }
    await this.journal.start();
  }

  /** Counts a finished turn's result (the observer of every session's events). */
  observe(record: SessionRecord, event: SessionEvent): void {
    const entry = entryOf(record, event);
    if (!entry) return;
    this.add(entry);
    this.journal?.append(entry);
  }

  protected add(e: LedgerEntry): void {
    const byDay = (this.data[e.owner] ??= {});
    const byModel = (byDay[e.day] ??= {});
    addUsage((byModel[e.model] ??= emptyUsage()), e.add);
  }

  /** What a key spent since `sinceDay` (inclusive), in USD. */
  spentSince(owner: string, sinceDay: string): number {
    let sum = 0;
    for (const [day, byModel] of Object.entries(this.data[owner] ?? {})) {
      if (day >= sinceDay) for (const t of Object.values(byModel)) sum += t.costUsd;
    }
    return sum;
  }

  /** Usage by key and day (and model), for the owners given (all when null), within [from, to]. */
  report(owners: string[] | null, from = '0000-00-00', to = '9999-99-99') {
    const keys: Record<string, { totals: UsageTotals; days: Record<string, { totals: UsageTotals; models: Record<string, UsageTotals> }> }> = {};
    for (const [owner, byDay] of Object.entries(this.data)) {
      if (owners && !owners.includes(owner)) continue;
      const k = (keys[owner] = { totals: emptyUsage(), days: {} as Record<string, { totals: UsageTotals; models: Record<string, UsageTotals> }> });
      for (const [day, byModel] of Object.entries(byDay)) {
        if (day < from || day > to) continue;
        const d = (k.days[day] = { totals: emptyUsage(), models: {} as Record<string, UsageTotals> });
        for (const [model, t] of Object.entries(byModel)) {
          d.models[model] = { ...t };
          addUsage(d.totals, t);
        }
        addUsage(k.totals, d.totals);
      }
    }
    return keys;
  }

  async flush(): Promise<void> {
    await this.journal?.flush();
  }
}
