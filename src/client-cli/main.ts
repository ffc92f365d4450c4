import { parseInvocation, USAGE, UsageError } from './args.js';
import { chatCommand } from './chat.js';
import { filesCommand } from './commands/files.js';
import { historyCommand } from './commands/history.js';
import { sendCommand } from './commands/send.js';
import { sessionsCommand } from './commands/sessions.js';
import type { Context } from './context.js';
import { Api, ApiError, ConnectError } from './http.js';
import { Output } from './output.js';

// claude-code-api-client: the HTTP API from a shell. Exit codes: see USAGE.

async function health(ctx: Context): Promise<number> {
  const h = await ctx.api.json('GET', '/health');
  if (ctx.out.json) ctx.out.record(h);
  else ctx.out.line(`${h.status} · version ${h.version} · CLI ${h.cliVersion ?? '?'} · ${h.sessions.total} sessions, ${h.sessions.activeTurns} running`);
  return 0;
}

const COMMANDS: Record<string, (ctx: Context, args: string[]) => Promise<number>> = {
  health,
  sessions: sessionsCommand,
  send: sendCommand,
  history: historyCommand,
  files: filesCommand,
  chat: chatCommand,
};

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let json = argv.includes('--json');
  const out = () => new Output(json, process.stdout, process.stderr, env);
  try {
    const inv = parseInvocation(argv, env);
    json = inv.json;
    const [name, ...args] = inv.command;
    if (inv.flags.help || !name) {
      process.stdout.write(`${USAGE}\n`);
      return name || inv.flags.help ? 0 : 2;
    }
    const run = COMMANDS[name];
    if (!run) throw new UsageError(`unknown command: ${name}`);
    let api: Api;
    try {
      api = new Api(inv.url, inv.apiKey);
    } catch {
      throw new UsageError(`--url is not a URL: ${inv.url}`);
    }
    return await run({ inv, api, out: out(), stdin: process.stdin, stdout: process.stdout }, args);
  } catch (err) {
    return report(out(), err);
  }
}

function report(o: Output, err: unknown): number {
  if (err instanceof ApiError) {
    if (o.json) process.stderr.write(`${JSON.stringify({ error: { code: err.code, message: err.message, requestId: err.requestId }, status: err.status })}\n`);
    else o.error(`error: ${err.code} (${err.status}): ${err.message}${err.requestId ? ` [request ${err.requestId}]` : ''}`);
    return 1;
  }
  const [code, kind] = err instanceof UsageError ? [2, 'USAGE'] : err instanceof ConnectError ? [3, 'UNREACHABLE'] : [1, 'CLIENT'];
  const message = (err as Error)?.message ?? String(err);
  if (o.json) process.stderr.write(`${JSON.stringify({ error: { code: kind, message } })}\n`);
  else o.error(`error: ${message}${code === 2 ? '\n(claude-code-api-client --help shows the usage)' : ''}`);
  return code;
}

process.exitCode = await main(process.argv.slice(2));
