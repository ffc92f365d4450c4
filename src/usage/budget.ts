import { ApiError } from '../errors.js';
import type { SessionRecord } from '../sessions/session.js';
import { dayOf, type UsageLedger } from './ledger.js';

export interface KeyBudget {
  limitUsd: number;
  period: 'day' | 'month';
}

/** The tighter of the session's and the key's remaining budget, handed to the CLI as --max-budget-usd. */
export interface TurnBudget {
  scope: 'session' | 'key';
  budgetUsd: number;
  spentUsd: number;
  remainingUsd: number;
}

export function periodStart(period: 'day' | 'month', now = Date.now()): string {
  const day = dayOf(now);
  return period === 'day' ? day : `${day.slice(0, 7)}-01`;
}

/** Decides whether a turn may start, and with how much budget; 402 BUDGET_EXCEEDED when none is left. */
export function budgetForTurn(record: SessionRecord, ledger: UsageLedger | null, key: KeyBudget | null): TurnBudget | null {
  const candidates: TurnBudget[] = [];
  const max = record.options.maxBudgetUsd;
  if (max !== undefined) {
    const spent = record.totals.costUsd;
    candidates.push({ scope: 'session', budgetUsd: max, spentUsd: spent, remainingUsd: max - spent });
  }
  if (key && ledger) {
    const spent = ledger.spentSince(record.owner, periodStart(key.period));
    candidates.push({ scope: 'key', budgetUsd: key.limitUsd, spentUsd: spent, remainingUsd: key.limitUsd - spent });
  }
  if (candidates.length === 0) return null;
  const tightest = candidates.reduce((a, b) => (b.remainingUsd < a.remainingUsd ? b : a));
  if (tightest.remainingUsd <= 0) {
    const what = tightest.scope === 'session' ? "the session's maxBudgetUsd" : `this key's ${key!.period}ly KEY_BUDGET_USD`;
    throw new ApiError('BUDGET_EXCEEDED', `${what} of $${tightest.budgetUsd} is spent ($${tightest.spentUsd.toFixed(4)})`, {
      scope: tightest.scope,
      budgetUsd: tightest.budgetUsd,
      spentUsd: tightest.spentUsd,
      ...(tightest.scope === 'key' ? { period: key!.period, periodStart: periodStart(key!.period) } : {}),
    });
  }
  return tightest;
}
