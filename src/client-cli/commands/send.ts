import { text } from 'node:stream/consumers';
import { askOnLines, fixedAnswer } from '../ask.js';
import { need, UsageError } from '../args.js';
import { EXIT_TURN, type Context } from '../context.js';
import { CtrlC } from '../ctrl-c.js';
import { Lines } from '../lines.js';
import { runTurn } from '../turn.js';

// send <id> <prompt|->: one turn, streamed as it happens; the exit code says how it ended.

export async function sendCommand(ctx: Context, args: string[]): Promise<number> {
  const { api, out, inv, stdin, stdout } = ctx;
  const [id, arg] = need(args, ['id', 'prompt']);
  const prompt = arg === '-' ? (await text(stdin)).trimEnd() : arg!;
  if (!prompt) throw new UsageError('the prompt is empty');
  const policy = inv.flags.permissions ?? (stdin.isTTY && arg !== '-' ? 'ask' : 'deny');
  if (policy !== 'ask' && policy !== 'allow' && policy !== 'deny') throw new UsageError('--permissions is ask, allow or deny');
  const { session } = await api.json('GET', `/sessions/${encodeURIComponent(id!)}`);
  const lines = policy === 'ask' ? new Lines(stdin, stdout, Boolean(stdin.isTTY && stdout.isTTY)) : undefined;
  // Ctrl-C stops the turn (it belongs to the session and would run on); a second one leaves.
  const ctrlC = new CtrlC(
    () => {
      out.note('^C interrupting… (Ctrl-C again to exit)');
      api.json('POST', `/sessions/${encodeURIComponent(id!)}/interrupt`).catch((err: Error) => out.note(`interrupt failed: ${err.message}`));
    },
    () => lines?.close(),
    lines,
  );
  try {
    const finished = await runTurn(api, out, id!, prompt, {
      ask: lines ? askOnLines(lines, out) : fixedAnswer(policy as 'allow' | 'deny', out),
      workspace: session.workspace,
      // An explicit --permissions decides this turn's requests, whatever the session's policy.
      ...(inv.flags.permissions ? { permissionPolicy: policy === 'deny' ? ('deny' as const) : ('ask' as const) } : {}),
    });
    if (!finished) {
      out.error('the stream ended before the turn finished');
      return EXIT_TURN;
    }
    if (finished.status === 'completed' && finished.denied.length) {
      out.error(`the turn completed, but ${finished.denied.length} tool request(s) were denied: ${finished.denied.join('; ')}`);
      return EXIT_TURN;
    }
    return finished.status === 'completed' ? 0 : EXIT_TURN;
  } finally {
    ctrlC.dispose();
    lines?.close();
  }
}
