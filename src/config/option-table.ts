import { z } from 'zod';
import { PERMISSION_MODES } from '../config.js';

// Every option is one environment variable: options and env are validated by the same loadConfig.

const int = z.number().int();
const bool = z.boolean();
const text = z.string().min(1);
const texts = z.array(z.string().min(1).refine((s) => !s.includes(','), 'must not contain a comma'));

export interface OptionSpec {
  env: string;
  schema: z.ZodType;
}

const o = <S extends z.ZodType>(env: string, schema: S) => ({ env, schema });

/** Top-level options (the TypeScript design's plus every Config field an embedder may set). */
export const TOP_LEVEL = {
  sessionTimeout: o('SESSION_TTL_MS', int),
  sessionTtlMs: o('SESSION_TTL_MS', int),
  maxSessions: o('MAX_SESSIONS', int),
  workspaceRoot: o('WORKSPACE_ROOT', text),
  claudeBin: o('CLAUDE_BIN', text),
  claudeConfigDir: o('CLAUDE_CONFIG_DIR', text),
  stateDir: o('STATE_DIR', text),
  sweepIntervalMs: o('SWEEP_INTERVAL_MS', int),
  keepExpiredWorkspaces: o('KEEP_EXPIRED_WORKSPACES', bool),
  maxConcurrentTurns: o('MAX_CONCURRENT_TURNS', int),
  maxQueuedTurns: o('MAX_QUEUED_TURNS', int),
  turnTimeoutMs: o('TURN_TIMEOUT_MS', int),
  turnIdleTimeoutMs: o('TURN_IDLE_TIMEOUT_MS', int),
  resultExitGraceMs: o('RESULT_EXIT_GRACE_MS', int),
  killGraceMs: o('KILL_GRACE_MS', int),
  shutdownGraceMs: o('SHUTDOWN_GRACE_MS', int),
  defaultModel: o('DEFAULT_MODEL', text),
  models: o('MODELS', texts.min(1)),
  defaultPermissionMode: o('DEFAULT_PERMISSION_MODE', z.enum(PERMISSION_MODES)),
  allowBypassPermissions: o('ALLOW_BYPASS_PERMISSIONS', bool),
  sseKeepaliveMs: o('SSE_KEEPALIVE_MS', int),
  logLevel: o('LOG_LEVEL', text),
  logFormat: o('LOG_FORMAT', z.enum(['auto', 'json', 'pretty'])),
  maxPromptChars: o('MAX_PROMPT_CHARS', int),
  bodyLimitBytes: o('BODY_LIMIT_BYTES', int),
  stderrLimitBytes: o('STDERR_LIMIT_BYTES', int),
  maxLineBytes: o('MAX_LINE_BYTES', int),
  maxTurnEvents: o('MAX_TURN_EVENTS', int),
  eventReplayBuffer: o('EVENT_REPLAY_BUFFER', int),
  subscriberBuffer: o('SUBSCRIBER_BUFFER', int),
  eventReplayBufferBytes: o('EVENT_REPLAY_BUFFER_BYTES', int),
  eventReplayTotalBytes: o('EVENT_REPLAY_TOTAL_BYTES', int),
  subscriberBufferBytes: o('SUBSCRIBER_BUFFER_BYTES', int),
  maxTurnEventBytes: o('MAX_TURN_EVENT_BYTES', int),
  historyMaxTurnBytes: o('HISTORY_MAX_TURN_BYTES', int),
  turnFileScanMaxEntries: o('TURN_FILE_SCAN_MAX_ENTRIES', int),
  resumeImportRoots: o('RESUME_IMPORT_ROOTS', texts),
  maxSessionsPerKey: o('MAX_SESSIONS_PER_KEY', int),
  corsOrigins: o('CORS_ORIGINS', texts),
  trustProxy: o('TRUST_PROXY', bool),
  maxUploadBytes: o('MAX_UPLOAD_BYTES', int),
  workspaceMaxBytes: o('WORKSPACE_MAX_BYTES', int),
  maxListEntries: o('MAX_LIST_ENTRIES', int),
  metricsToken: o('METRICS_TOKEN', text),
  permissionTimeoutMs: o('PERMISSION_TIMEOUT_MS', int),
  processMode: o('PROCESS_MODE', z.enum(['per-turn', 'warm'])),
  spawnHelper: o('SPAWN_HELPER', z.enum(['auto', 'on', 'off'])),
  warmIdleMs: o('WARM_IDLE_MS', int),
  maxWarmProcesses: o('MAX_WARM_PROCESSES', int),
  prewarmProcesses: o('PREWARM_PROCESSES', int),
  prewarmIdleMs: o('PREWARM_IDLE_MS', int),
  defaultPermissionPolicy: o('DEFAULT_PERMISSION_POLICY', text),
} satisfies Record<string, OptionSpec>;

/** `auth: {...}`; `enabled` is handled by the translation (it decides AUTH_DISABLED). */
export const AUTH = {
  apiKeys: o('API_KEYS', texts),
  adminKeys: o('ADMIN_KEYS', texts),
  apiKeysFile: o('API_KEYS_FILE', text),
  requireAuth: o('AUTH_REQUIRE', z.union([z.literal('*'), texts.min(1)])),
} satisfies Record<string, OptionSpec>;

/** `rateLimit: {...}`. */
export const RATE_LIMIT = {
  enabled: o('RATE_LIMIT_ENABLED', bool),
  windowMs: o('RATE_LIMIT_WINDOW_MS', int),
  maxRequests: o('RATE_LIMIT_MAX', int),
  maxTurns: o('RATE_LIMIT_TURNS_MAX', int),
} satisfies Record<string, OptionSpec>;

/** `keyBudget: {limitUsd, period}`: a spend cap per key. */
export const KEY_BUDGET = {
  limitUsd: o('KEY_BUDGET_USD', z.number()),
  period: o('KEY_BUDGET_PERIOD', text),
} satisfies Record<string, OptionSpec>;

/** `webhook: {...}`: where turn notifications are posted. */
export const WEBHOOK = {
  url: o('WEBHOOK_URL', text),
  secret: o('WEBHOOK_SECRET', text),
  maxQueue: o('WEBHOOK_MAX_QUEUE', int),
  retries: o('WEBHOOK_RETRIES', int),
  timeoutMs: o('WEBHOOK_TIMEOUT_MS', int),
} satisfies Record<string, OptionSpec>;

/** `sandbox: {...}`: how each CLI is confined (see README, Security model). */
export const SANDBOX = {
  mode: o('SANDBOX', z.enum(['auto', 'bwrap', 'none'])),
  allowDomains: o('SANDBOX_ALLOW_DOMAINS', texts),
  sessionDomains: o('SANDBOX_SESSION_DOMAINS', texts),
  egressHosts: o('SANDBOX_EGRESS_HOSTS', texts),
  maxProcesses: o('SANDBOX_MAX_PROCESSES', int),
  memoryMb: o('SANDBOX_MEMORY_MB', int),
  cpus: o('SANDBOX_CPUS', z.number()),
  readOnlyPaths: o('SANDBOX_READ_ONLY_PATHS', texts),
  dir: o('SANDBOX_DIR', text),
  bridge: o('SANDBOX_BRIDGE', z.enum(['auto', 'native', 'socat'])),
} satisfies Record<string, OptionSpec>;

/** Nested option objects, each shaped like its Config field; `auth` has its own rule for `enabled`. */
export const GROUPS = { rateLimit: RATE_LIMIT, keyBudget: KEY_BUDGET, webhook: WEBHOOK, sandbox: SANDBOX };

/** Environment variable → the option that sets it, to name options in loadConfig's messages. */
export const OPTION_FOR_ENV: Record<string, string> = Object.fromEntries([
  ...Object.entries(TOP_LEVEL).filter(([k]) => k !== 'sessionTtlMs').map(([k, s]) => [s.env, k]),
  ...Object.entries(AUTH).map(([k, s]) => [s.env, `auth.${k}`]),
  ...Object.entries(GROUPS).flatMap(([g, table]) => Object.entries(table).map(([k, s]) => [s.env, `${g}.${k}`])),
  ['AUTH_DISABLED', 'auth.enabled'],
]);
