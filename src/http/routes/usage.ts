import { Hono } from 'hono';
import type { Config } from '../../config.js';
import { ApiError } from '../../errors.js';
import { readConversation } from '../../history/conversation.js';
import type { SessionService } from '../../sessions/session-service.js';
import { periodStart } from '../../usage/budget.js';
import type { UsageLedger } from '../../usage/ledger.js';
import type { AppEnv } from '../env.js';
import type { Schemas } from '../schemas.js';
import { readQuery } from '../validate.js';
import { sessionParam } from './params.js';

// Cost and tokens: per session (with its turns) and per key (by day and model).
export function usageRoutes(service: SessionService, config: Config, schemas: Schemas, ledger: () => UsageLedger | undefined) {
  const app = new Hono<AppEnv>();

  app.get('/sessions/:id/usage', async (c) => {
    const live = service.get(sessionParam(c), c.get('caller'));
    const r = live.record;
    const turns = (await readConversation(live.log)).page({ order: 'asc', limit: Number.MAX_SAFE_INTEGER }).turns;
    const max = r.options.maxBudgetUsd ?? null;
    return c.json({
      sessionId: r.id,
      model: r.options.model,
      totals: r.totals,
      budget: { maxBudgetUsd: max, remainingUsd: max === null ? null : Math.max(0, max - r.totals.costUsd) },
      turns: turns.map((t) => ({
        turnId: t.turnId,
        number: t.number,
        status: t.status,
        finishedAt: t.finishedAt,
        costUsd: t.result?.costUsd ?? 0,
        usage: t.result?.usage ?? null,
      })),
    });
  });

  app.get('/usage', (c) => {
    const caller = c.get('caller');
    const q = readQuery(c, schemas.usageQuery);
    const l = ledger();
    if (!l) throw new ApiError('INTERNAL', 'usage accounting is not available');
    const keys = l.report(caller.admin ? null : [caller.owner], q.from, q.to);
    const kb = config.keyBudget;
    const budgets = kb
      ? Object.fromEntries(
          (caller.admin ? Object.keys(keys) : [caller.owner]).map((owner) => {
            const spent = l.spentSince(owner, periodStart(kb.period));
            return [owner, { limitUsd: kb.limitUsd, period: kb.period, periodStart: periodStart(kb.period), spentUsd: spent, remainingUsd: Math.max(0, kb.limitUsd - spent) }];
          }),
        )
      : null;
    return c.json({ from: q.from ?? null, to: q.to ?? null, keys, budgets });
  });

  return app;
}
