// The CLI gets an allow-list of the server's environment: what it needs to run, never a
// secret: not this service's keys, and not the model credential either (the gateway holds it;
// the CLI gets a per-session token and the gateway's address from the launcher).

const EXACT = new Set([
  // HOME, TMPDIR and the CLI's config dir are the session's own, set by the launcher.
  'PATH', 'SHELL', 'LANG', 'LANGUAGE', 'TERM', 'TZ',
  'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy', 'ALL_PROXY',
  'NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'SSL_CERT_DIR', 'IS_SANDBOX', 'DISABLE_AUTOUPDATER',
  'DISABLE_TELEMETRY', 'DISABLE_ERROR_REPORTING', 'MCP_TIMEOUT', 'MCP_TOOL_TIMEOUT', 'BASH_DEFAULT_TIMEOUT_MS',
  'BASH_MAX_TIMEOUT_MS', 'MAX_THINKING_TOKENS',
]);
const PREFIXES = ['ANTHROPIC_', 'CLAUDE_', 'LC_'];
// Credentials and where they are used: the gateway's, never the child's.
const SECRET = new Set([
  'ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'CLAUDE_CODE_OAUTH_TOKEN', 'ANTHROPIC_BASE_URL', 'ANTHROPIC_CUSTOM_HEADERS',
  'CLAUDE_CODE_USE_BEDROCK', 'CLAUDE_CODE_USE_VERTEX', 'ANTHROPIC_BEDROCK_BASE_URL', 'ANTHROPIC_VERTEX_BASE_URL', 'ANTHROPIC_VERTEX_PROJECT_ID',
  'CLAUDE_CONFIG_DIR', 'CLAUDE_CODE_TMPDIR',
]);

export function isAllowedChildVar(name: string): boolean {
  return !SECRET.has(name) && (EXACT.has(name) || PREFIXES.some((p) => name.startsWith(p)));
}

export function buildChildEnv(base: Record<string, string>, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (isAllowedChildVar(k)) env[k] = v;
  return { ...env, ...extra };
}
