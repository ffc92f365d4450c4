import { parseArgs } from 'node:util';

// One flag table for every command (node:util parseArgs, strict): a mistyped flag is an error, not ignored.

export const USAGE = `Usage: claude-code-api-client [--url URL] [--api-key KEY] [--json] <command>

Commands:
  health                                   the server's health
  sessions list                            your sessions
  sessions create [--name N] [--model M] [--permission-mode P] [--allowed-tools A,B] [--system-prompt T]
                  [--permission-policy ask|deny|TOOLS]   ask: tool calls wait for an answer (chat asks y/n)
  sessions get <id>
  sessions delete <id> [--keep-workspace]
  send <id> <prompt|->                     run a turn, streaming the reply (- reads the prompt from stdin)
                                           [--permissions ask|allow|deny] (default: ask on a terminal, else deny)
  history <id> [--limit N] [--order asc|desc]
  files ls <id> [path] [-r]
  files get <id> <path> [-o FILE]          (default: to stdout)
  files put <id> <local-file> [path]       (default path: the file's name)
  files rm <id> <path> [-r]
  chat [<id>] [create flags]               interactive: /interrupt /files [path] /quit; Ctrl-C interrupts, twice exits

Options:
  --url URL       server URL (env CLAUDE_CODE_API_URL; default http://127.0.0.1:3050); a URL with a path
                  is used as the API base as is, otherwise /api/v1 is added
  --api-key KEY   (env CLAUDE_CODE_API_KEY)
  --json          machine output: one JSON object per line
  -h, --help

Exit codes: 0 ok, 1 the API answered an error, 2 usage, 3 server unreachable, 4 the turn failed or was interrupted.`;

const OPTIONS = {
  url: { type: 'string' },
  'api-key': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  name: { type: 'string' },
  model: { type: 'string' },
  'permission-mode': { type: 'string' },
  'allowed-tools': { type: 'string' },
  'system-prompt': { type: 'string' },
  'permission-policy': { type: 'string' },
  'keep-workspace': { type: 'boolean' },
  permissions: { type: 'string' },
  limit: { type: 'string' },
  order: { type: 'string' },
  recursive: { type: 'boolean', short: 'r' },
  output: { type: 'string', short: 'o' },
} as const;

export type Flags = ReturnType<typeof parse>['values'];

const parse = (argv: string[]) => parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });

export class UsageError extends Error {}

export interface Invocation {
  command: string[];
  flags: Flags;
  url: string;
  apiKey: string | undefined;
  json: boolean;
}

export function parseInvocation(argv: string[], env: NodeJS.ProcessEnv): Invocation {
  let parsed;
  try {
    parsed = parse(argv);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  return {
    command: positionals,
    flags: values,
    url: values.url ?? env.CLAUDE_CODE_API_URL ?? 'http://127.0.0.1:3050',
    apiKey: values['api-key'] ?? (env.CLAUDE_CODE_API_KEY || undefined),
    json: values.json ?? false,
  };
}

/** The positional arguments of a command, or a usage error naming the first one missing. */
export function need(args: string[], required: string[], optional: string[] = []): string[] {
  if (args.length < required.length) throw new UsageError(`missing <${required[args.length]}>`);
  if (args.length > required.length + optional.length) throw new UsageError(`unexpected argument: ${args[required.length + optional.length]}`);
  return args;
}
