import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { SessionEvent } from '../sessions/events.js';
import type { SessionRecord } from '../sessions/session.js';
import { writeFileAtomic } from '../store/atomic-write.js';

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

/** Cost and tokens per key, per day and per model, persisted so budgets survive restarts. */
export class UsageLedger {
  protected data: Data = {};
  private saving: Promise<void> | null = null;
  private dirty = false;

  constructor(private readonly file: string) {}

  async load(): Promise<void> {
    try {
      const parsed = LedgerFile.safeParse(JSON.parse(await readFile(this.file, 'utf8')));
      if (parsed.success) this.data = parsed.data;
    } catch {
      this.data = {}; // none yet, or unreadable: start counting afresh
    }
  }

  /** Counts a finished turn's result (the observer of every session's events). */
  observe(record: SessionRecord, event: SessionEvent): void {
    if (event.type !== 'turn_finished' || !event.result) return;
    const r = event.result;
    const day = dayOf(Date.parse(event.at));
    const byDay = (this.data[record.owner] ??= {});
    const byModel = (byDay[day] ??= {});
    const t = (byModel[record.options.model] ??= emptyUsage());
    addUsage(t, { turns: 1, costUsd: r.costUsd, ...r.usage });
    this.save();
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
    while (this.saving) await this.saving;
  }

  // Coalesced: at most one write in flight, the latest state written last.
  private save(): void {
    this.dirty = true;
    this.saving ??= (async () => {
      // Saves made in the same pass of the event loop (a turn's last model request and its result) make one write.
      await new Promise<void>((resolve) => setImmediate(resolve));
      while (this.dirty) {
        this.dirty = false;
        await writeFileAtomic(this.file, JSON.stringify(this.data)).catch(() => {});
      }
    })().finally(() => (this.saving = null));
  }
}
