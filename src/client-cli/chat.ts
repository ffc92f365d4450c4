import { askOnLines } from './ask.js';
import { need } from './args.js';
import { createBody } from './commands/sessions.js';
import { listFiles } from './commands/files.js';
import type { Context } from './context.js';
import { CtrlC } from './ctrl-c.js';
import { ApiError } from './http.js';
import { Lines } from './lines.js';
import { runTurn } from './turn.js';

// chat [<id>]: a conversation at the keyboard (or from a pipe, one line per prompt).

const HELP = `/interrupt      stop the running turn (or Ctrl-C)
/files [path]   list the workspace
/quit           leave (or Ctrl-D; Ctrl-C twice)`;

export async function chatCommand(ctx: Context, args: string[]): Promise<number> {
  const { api, out, inv, stdin, stdout } = ctx;
  const [given] = need(args, [], ['id']);
  const session = given
    ? (await api.json('GET', `/sessions/${encodeURIComponent(given)}`)).session
    : (await api.json('POST', '/sessions', { json: createBody(inv.flags) })).session;
  const id: string = session.id;
  const interactive = Boolean(stdin.isTTY && stdout.isTTY);
  const lines = new Lines(stdin, stdout, interactive);
  const you = out.style('bold', 'you› ');
  out.note(`session ${id}${given ? '' : ' (new)'} · /help for commands · Ctrl-C interrupts, twice exits`);

  let running = false;
  const interrupt = () =>
    api.json('POST', `/sessions/${encodeURIComponent(id)}/interrupt`).then(
      () => undefined,
      (err: unknown) => out.note(err instanceof ApiError && err.code === 'NO_ACTIVE_TURN' ? 'no turn is running' : `interrupt failed: ${(err as Error).message}`),
    );
  // The prompt readline drew may still be open on the current line.
  const endPromptLine = () => interactive && !running && stdout.write('\n');
  const ctrlC = new CtrlC(
    () => {
      endPromptLine();
      if (running) {
        out.note('^C interrupting… (Ctrl-C again to exit)');
        void interrupt();
      } else {
        out.note('(Ctrl-C again, Ctrl-D or /quit to exit)');
        lines.reprompt();
      }
    },
    () => {
      endPromptLine();
      out.note('bye');
      lines.close();
    },
    lines,
  );
  // Typed while a turn runs: /interrupt acts at once, anything else waits its turn.
  lines.intercept = (line) => {
    if (!running || line.trim() !== '/interrupt') return false;
    // The typed command was echoed into the streaming text: what follows starts on a line of its own.
    out.newline();
    out.note('interrupting…');
    void interrupt();
    return true;
  };

  try {
    for (;;) {
      const line = await lines.next(you);
      if (line === null) break;
      ctrlC.disarm();
      const text = line.trim();
      if (!text) continue;
      if (!interactive && !out.json) out.line(you + text);
      if (text.startsWith('/')) {
        const [cmd, ...rest] = text.split(/\s+/);
        if (cmd === '/quit' || cmd === '/exit') break;
        if (cmd === '/interrupt') await interrupt();
        else if (cmd === '/files') await listFiles(ctx, id, rest[0], false).catch((err: Error) => out.error(describe(err)));
        else if (cmd === '/help') out.line(HELP);
        else out.note(`unknown command ${cmd}; /help lists them`);
        continue;
      }
      running = true;
      try {
        await runTurn(api, out, id, text, { ask: askOnLines(lines, out), workspace: session.workspace });
      } catch (err) {
        // A refused turn (busy, limits) is reported and the chat goes on.
        if (!(err instanceof ApiError)) throw err;
        out.error(describe(err));
      } finally {
        running = false;
      }
    }
  } finally {
    ctrlC.dispose();
    lines.close();
  }
  return 0;
}

const describe = (err: Error) => (err instanceof ApiError ? `✗ ${err.code} (${err.status}): ${err.message}` : `✗ ${err.message}`);
