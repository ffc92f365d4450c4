import type { Schemas } from '../schemas.js';
import type { RouteDoc } from './route-doc.js';
import { TurnStatus, Usage } from './result-schemas.js';
import { z } from './zod.js';

// Documentation of src/http/routes/usage.ts.

// New objects, not .extend of a registered one: that becomes an allOf of closed objects no value can match.
const Totals = z.strictObject({ ...Usage.shape, costUsd: z.number() });
const LedgerTotals = z.strictObject({ ...Totals.shape, turns: z.number().int() }).openapi('UsageTotals');

const SessionUsage = z
  .strictObject({
    sessionId: z.string(),
    model: z.string(),
    totals: Totals,
    budget: z.strictObject({ maxBudgetUsd: z.number().nullable(), remainingUsd: z.number().nullable() }),
    turns: z.array(
      z.strictObject({
        turnId: z.string(),
        number: z.number().int(),
        status: z.union([TurnStatus, z.literal('running')]),
        finishedAt: z.string().nullable(),
        costUsd: z.number(),
        // A union, not .nullable(): on a registered schema that would drop the null from the document.
        usage: z.union([Usage, z.null()]),
      }),
    ),
  })
  .openapi('SessionUsage');

const KeyBudgetState = z.strictObject({
  limitUsd: z.number(),
  period: z.enum(['day', 'month']),
  periodStart: z.string(),
  spentUsd: z.number(),
  remainingUsd: z.number(),
});

const UsageReport = z
  .strictObject({
    from: z.string().nullable(),
    to: z.string().nullable(),
    keys: z.record(
      z.string(),
      z.strictObject({
        totals: LedgerTotals,
        days: z.record(z.string(), z.strictObject({ totals: LedgerTotals, models: z.record(z.string(), LedgerTotals) })),
      }),
    ),
    budgets: z.record(z.string(), KeyBudgetState).nullable(),
  })
  .openapi('UsageReport');

export function usageDocs(s: Schemas): RouteDoc[] {
  return [
    {
      method: 'get',
      path: '/sessions/:id/usage',
      operationId: 'getSessionUsage',
      tag: 'Usage',
      summary: 'Usage of a session',
      description: "Totals, the remaining `maxBudgetUsd`, and each turn's cost and tokens as the CLI reported them.",
      replies: { 200: { description: 'The session usage.', json: SessionUsage } },
    },
    {
      method: 'get',
      path: '/usage',
      operationId: 'getUsage',
      tag: 'Usage',
      summary: 'Usage by key and day',
      description: 'The caller\'s own key; an admin key sees every key. With `KEY_BUDGET_USD`, each key\'s budget for the current period.',
      query: s.usageQuery,
      replies: { 200: { description: 'Usage by key, day and model.', json: UsageReport } },
    },
  ];
}
