import { need, UsageError } from '../args.js';
import type { Context } from '../context.js';
import { describeTool, summary, toolError } from '../render.js';

// history <id>: the conversation turn by turn (GET /sessions/:id/messages, every page).

export async function historyCommand(ctx: Context, args: string[]): Promise<number> {
  const { api, out, inv } = ctx;
  const [id] = need(args, ['id']);
  const order = inv.flags.order ?? 'asc';
  if (order !== 'asc' && order !== 'desc') throw new UsageError('--order is asc or desc');
  const max = inv.flags.limit === undefined ? Infinity : Number(inv.flags.limit);
  if (!(max >= 1)) throw new UsageError('--limit must be a positive number');
  const { session } = await api.json('GET', `/sessions/${encodeURIComponent(id!)}`);
  let shown = 0;
  for (let cursor: number | undefined; shown < max; ) {
    const page = await api.json('GET', `/sessions/${encodeURIComponent(id!)}/messages`, { query: { order, limit: Math.min(100, max - shown), cursor } });
    for (const turn of page.turns) {
      shown++;
      if (out.json) out.record(turn);
      else printTurn(ctx, turn, session.workspace);
    }
    if (page.nextCursor === null) break;
    cursor = page.nextCursor;
  }
  if (!out.json && shown === 0) out.note('no turns yet');
  return 0;
}

function printTurn({ out }: Context, turn: any, workspace: string): void {
  const s = out.style;
  out.line(s('bold', `#${turn.number} you› `) + turn.prompt);
  for (const item of turn.items) {
    if (item.kind === 'text') out.line(item.text);
    if (item.kind === 'tool_use') out.line(s('cyan', `⚙ ${describeTool(item.name, item.input, workspace)}`));
    if (item.kind === 'tool_result' && item.isError) out.line(s('red', `  ✗ ${toolError(item.content)}`));
  }
  out.line(s('dim', summary(turn)));
}
