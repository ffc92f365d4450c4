// The CLI gets an allow-list of the server's environment: what it needs to run and reach
// the model, never the server's own secrets (API keys of this service, tokens, ...).

const EXACT = new Set([
  'PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'LANG', 'LANGUAGE', 'TERM', 'TZ', 'TMPDIR',
  'XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME', 'XDG_RUNTIME_DIR',
  'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy', 'ALL_PROXY',
  'NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'SSL_CERT_DIR', 'IS_SANDBOX', 'DISABLE_AUTOUPDATER',
  'DISABLE_TELEMETRY', 'DISABLE_ERROR_REPORTING', 'MCP_TIMEOUT', 'MCP_TOOL_TIMEOUT', 'BASH_DEFAULT_TIMEOUT_MS',
  'BASH_MAX_TIMEOUT_MS', 'MAX_THINKING_TOKENS', 'AWS_REGION', 'AWS_PROFILE', 'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_BEARER_TOKEN_BEDROCK', 'GOOGLE_APPLICATION_CREDENTIALS',
  'CLOUD_ML_REGION',
]);
const PREFIXES = ['ANTHROPIC_', 'CLAUDE_', 'LC_', 'VERTEX_REGION_'];

export function isAllowedChildVar(name: string): boolean {
  return EXACT.has(name) || PREFIXES.some((p) => name.startsWith(p));
}

export function buildChildEnv(base: Record<string, string>, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (isAllowedChildVar(k)) env[k] = v;
  return { ...env, ...extra };
}
