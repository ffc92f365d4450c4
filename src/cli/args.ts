import type { PermissionMode } from '../config.js';

/** The per-session options that become CLI flags; all validated by the HTTP schemas first. */
export interface CliOptions {
  model: string;
  permissionMode: PermissionMode;
  allowedTools?: string[];
  disallowedTools?: string[];
  appendSystemPrompt?: string;
  maxTurns?: number;
  /** How tool permission requests are answered (see sessions/permissions.ts). */
  permissionPolicy?: 'deny' | 'ask' | string[];
  /** The session's spend cap in USD (enforced per turn through --max-budget-usd). */
  maxBudgetUsd?: number;
  /** per-turn: a CLI process per turn; warm: one kept alive between turns. */
  processMode?: 'per-turn' | 'warm';
  /** Domains this session's sandbox may reach besides the operator's SANDBOX_ALLOW_DOMAINS (not a CLI flag). */
  allowedDomains?: string[];
  /** Remote (HTTP) MCP servers by name, given to the CLI with --mcp-config (Managed Agents `mcp_servers`). */
  mcpServers?: Record<string, { type: 'http'; url: string }>;
}

export interface TurnFlags {
  continueConversation: boolean;
  partialMessages: boolean;
  /** Ask the driver (us) over stdin before a tool that needs permission runs. */
  permissionPrompts?: boolean;
  /** What is left of the tightest budget: the CLI stops itself before spending more. */
  maxBudgetUsd?: number;
}

// The prompt never appears here: it travels on stdin as a stream-json user message. No `-p`: with
// stream-json on both sides the CLI is non-interactive already, and print mode costs ~10 ms more
// per turn of a live CLI (26 vs 35 ms medians, bench/tools/cli-variants.ts; the Agent SDK omits it too).
export function buildCliArgs(opts: CliOptions, flags: TurnFlags): string[] {
  const args = ['--output-format', 'stream-json', '--verbose', '--input-format', 'stream-json'];
  if (flags.continueConversation) args.push('--continue');
  if (flags.partialMessages) args.push('--include-partial-messages');
  if (flags.permissionPrompts) args.push('--permission-prompt-tool', 'stdio');
  if (flags.maxBudgetUsd !== undefined) args.push('--max-budget-usd', flags.maxBudgetUsd.toFixed(6));
  args.push('--model', opts.model, '--permission-mode', opts.permissionMode);
  // `--flag=value` keeps a value that starts with "-" from being read as another flag.
  if (opts.allowedTools?.length) args.push(`--allowedTools=${opts.allowedTools.join(',')}`);
  if (opts.disallowedTools?.length) args.push(`--disallowedTools=${opts.disallowedTools.join(',')}`);
  if (opts.appendSystemPrompt) args.push(`--append-system-prompt=${opts.appendSystemPrompt}`);
  if (opts.maxTurns !== undefined) args.push('--max-turns', String(opts.maxTurns));
  if (opts.mcpServers && Object.keys(opts.mcpServers).length) args.push(`--mcp-config=${JSON.stringify({ mcpServers: opts.mcpServers })}`);
  return args;
}

/** The one stdin line that carries a prompt. */
export function userMessageLine(prompt: string): string {
  return (
    JSON.stringify({
      type: 'user',
      message: { role: 'user', content: [{ type: 'text', text: prompt }] },
      parent_tool_use_id: null,
      session_id: '',
    }) + '\n'
  );
}
