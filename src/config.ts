import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { parseKeyEntry, type KeyEntry } from './auth/keys.js';

// The only module that reads process.env: everything else receives a typed Config.

const int = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);
const bool = (def: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(def ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');
const list = (def: string) =>
  z
    .string()
    .default(def)
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean));

export const PERMISSION_MODES = ['default', 'acceptEdits', 'plan', 'bypassPermissions'] as const;
export type PermissionMode = (typeof PERMISSION_MODES)[number];

const EnvSchema = z.object({
  PORT: int(3050, 0).refine((p) => p <= 65535, 'must be a port number'),
  HOST: z.string().min(1).default('127.0.0.1'),
  WORKSPACE_ROOT: z.string().min(1).default('./workspaces'),
  CLAUDE_BIN: z.string().min(1).optional(),
  SESSION_TTL_MS: int(3_600_000, 1),
  SWEEP_INTERVAL_MS: int(30_000, 10),
  KEEP_EXPIRED_WORKSPACES: bool(false),
  MAX_SESSIONS: int(100, 1),
  MAX_CONCURRENT_TURNS: int(4, 1),
  MAX_QUEUED_TURNS: int(100, 0),
  TURN_TIMEOUT_MS: int(1_800_000, 100),
  TURN_IDLE_TIMEOUT_MS: int(600_000, 100),
  RESULT_EXIT_GRACE_MS: int(3_000, 0),
  KILL_GRACE_MS: int(1_500, 0),
  SHUTDOWN_GRACE_MS: int(10_000, 0),
  DEFAULT_MODEL: z.string().min(1).default('sonnet'),
  MODELS: list(''),
  DEFAULT_PERMISSION_MODE: z.enum(PERMISSION_MODES).default('default'),
  ALLOW_BYPASS_PERMISSIONS: bool(false),
  SSE_KEEPALIVE_MS: int(15_000, 10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  MAX_PROMPT_CHARS: int(100_000, 1),
  BODY_LIMIT_BYTES: int(1_048_576, 1024),
  STDERR_LIMIT_BYTES: int(65_536, 1024),
  MAX_LINE_BYTES: int(8_388_608, 1024),
  MAX_TURN_EVENTS: int(2_000, 10),
  EVENT_REPLAY_BUFFER: int(1_000, 10),
  EVENT_REPLAY_BUFFER_BYTES: int(1_048_576, 1024),
  EVENT_REPLAY_TOTAL_BYTES: int(67_108_864, 1024),
  SUBSCRIBER_BUFFER: int(1_000, 10),
  SUBSCRIBER_BUFFER_BYTES: int(16_777_216, 1024),
  MAX_TURN_EVENT_BYTES: int(4_194_304, 1024),
  STATE_DIR: z.string().min(1).optional(),
  CLAUDE_CONFIG_DIR: z.string().min(1).optional(),
  HOME: z.string().min(1).optional(),
  RESUME_IMPORT_ROOTS: list(''),
  HISTORY_MAX_TURN_BYTES: int(8_388_608, 1024),
  TURN_FILE_SCAN_MAX_ENTRIES: int(20_000, 0),
  PERMISSION_TIMEOUT_MS: int(300_000, 100),
  DEFAULT_PERMISSION_POLICY: z.enum(['deny', 'ask']).default('deny'),
  PROCESS_MODE: z.enum(['per-turn', 'warm']).default('per-turn'),
  SPAWN_HELPER: z.enum(['auto', 'on', 'off']).default('auto'),
  WARM_IDLE_MS: int(300_000, 100),
  MAX_WARM_PROCESSES: int(4, 0),
  // Unset: sized for the machine (prewarmDefault).
  PREWARM_PROCESSES: z.coerce.number().int().min(0).max(64).optional(),
  PREWARM_IDLE_MS: int(3_600_000, 1_000),
  KEY_BUDGET_USD: z.coerce.number().positive().optional(),
  KEY_BUDGET_PERIOD: z.enum(['day', 'month']).default('month'),
  WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  WEBHOOK_SECRET: z.string().min(16, 'use at least 16 characters').optional(),
  WEBHOOK_MAX_QUEUE: int(1_000, 1),
  WEBHOOK_RETRIES: int(3, 0),
  WEBHOOK_TIMEOUT_MS: int(5_000, 100),
  API_KEYS: list(''),
  ADMIN_KEYS: list(''),
  API_KEYS_FILE: z.string().optional(),
  AUTH_DISABLED: bool(false),
  AUTH_REQUIRE: list('*'),
  MAX_SESSIONS_PER_KEY: int(20, 1),
  RATE_LIMIT_ENABLED: bool(true),
  RATE_LIMIT_WINDOW_MS: int(60_000, 100),
  RATE_LIMIT_MAX: int(600, 1),
  RATE_LIMIT_TURNS_MAX: int(60, 1),
  CORS_ORIGINS: list(''),
  TRUST_PROXY: bool(false),
  MAX_UPLOAD_BYTES: int(52_428_800, 1),
  WORKSPACE_MAX_BYTES: int(1_073_741_824, 1),
  MAX_LIST_ENTRIES: int(1_000, 1),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  HEADERS_TIMEOUT_MS: int(20_000, 100),
  REQUEST_TIMEOUT_MS: int(120_000, 100),
  KEEP_ALIVE_TIMEOUT_MS: int(5_000, 100),
  MAX_CONNECTIONS: int(1_024, 1),
  SANDBOX: z.enum(['auto', 'bwrap', 'none']).default('auto'),
  SANDBOX_ALLOW_DOMAINS: list(''),
  SANDBOX_SESSION_DOMAINS: list(''),
  SANDBOX_EGRESS_HOSTS: list(''),
  SANDBOX_MAX_PROCESSES: int(512, 16),
  SANDBOX_MEMORY_MB: int(4096, 0),
  SANDBOX_CPUS: z.coerce.number().min(0).default(0),
  SANDBOX_READ_ONLY_PATHS: list(''),
  SANDBOX_DIR: z.string().min(1).optional(),
  SANDBOX_BRIDGE: z.enum(['auto', 'native', 'socat']).default('auto'),
  // Shared mode (several replicas on one Redis); unset: the single-node service on its files.
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  NODE_ID: z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/, 'letters, digits and ._:- only').optional(),
  NODE_URL: z.url({ protocol: /^https?$/ }).optional(),
  REDIS_KEY_PREFIX: z.string().regex(/^[A-Za-z0-9._:-]{1,50}$/).default('cca:'),
  OWNER_LEASE_MS: int(10_000, 1_000),
  EVENT_STREAM_MAXLEN: int(100_000, 1_000),
  ANTHROPIC_BASE_URL: z.url({ protocol: /^https?$/ }).default('https://api.anthropic.com'),
  ANTHROPIC_API_KEY: z.string().min(1).optional(),
  ANTHROPIC_AUTH_TOKEN: z.string().min(1).optional(),
  CLAUDE_CODE_OAUTH_TOKEN: z.string().min(1).optional(),
  ANTHROPIC_CUSTOM_HEADERS: z.string().optional(),
});

/** The CLI's model aliases (`--model`), besides full ids such as claude-sonnet-4-5-20250929. */
export const MODEL_ALIASES = ['sonnet', 'opus', 'haiku', 'opusplan', 'sonnet[1m]', 'opus[1m]'] as const;
const MODEL_ID = /^claude-[a-z0-9][a-z0-9.-]{1,100}(\[1m\])?$/;

export function isModelName(m: string): boolean {
  return (MODEL_ALIASES as readonly string[]).includes(m) || MODEL_ID.test(m);
}

export const DOMAIN = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

const ROUTE = /^(GET|POST|PUT|PATCH|DELETE|\*) (\/[A-Za-z0-9_/:.*-]*)$/;

/** `METHOD /path` with `:param` segments, relative to the API prefix. */
export interface RoutePattern {
  method: string;
  path: string;
}

export interface AuthConfig {
  keys: KeyEntry[];
  /** No keys and explicitly or implicitly (loopback) allowed: every caller is the local tenant. */
  disabled: boolean;
  /** Routes that need a key; `all` means every route but GET /health. */
  require: 'all' | RoutePattern[];
}

export interface RateLimitConfig {
  enabled: boolean;
  windowMs: number;
  max: number;
  turnsMax: number;
}

export interface Config {
  port: number;
  host: string;
  workspaceRoot: string;
  claudeBin: string | undefined;
  sessionTtlMs: number;
  sweepIntervalMs: number;
  keepExpiredWorkspaces: boolean;
  maxSessions: number;
  maxConcurrentTurns: number;
  maxQueuedTurns: number;
  turnTimeoutMs: number;
  turnIdleTimeoutMs: number;
  resultExitGraceMs: number;
  killGraceMs: number;
  shutdownGraceMs: number;
  defaultModel: string;
  /** The models GET /models lists: MODELS, else the CLI's aliases. */
  models: string[];
  /** MODELS was set: a request may name only those; else any alias or Claude model id. */
  modelsRestricted: boolean;
  defaultPermissionMode: PermissionMode;
  allowBypassPermissions: boolean;
  sseKeepaliveMs: number;
  logLevel: string;
  /** json: one JSON object a line; pretty: for people; auto: pretty on a terminal, else json. */
  logFormat: 'auto' | 'json' | 'pretty';
  maxPromptChars: number;
  bodyLimitBytes: number;
  stderrLimitBytes: number;
  maxLineBytes: number;
  maxTurnEvents: number;
  eventReplayBuffer: number;
  /** Replay bytes kept per session, and across all sessions (older events come from the history file). */
  eventReplayBufferBytes: number;
  eventReplayTotalBytes: number;
  subscriberBuffer: number;
  /** Bytes a subscriber may lag before it is dropped. */
  subscriberBufferBytes: number;
  /** Bytes of events a turn keeps for its JSON reply (past it they are counted in eventsDropped). */
  maxTurnEventBytes: number;
  /** Session records and histories: outside every workspace, under the root by default. */
  stateDir: string;
  historyMaxTurnBytes: number;
  turnFileScanMaxEntries: number;
  permissionTimeoutMs: number;
  defaultPermissionPolicy: 'deny' | 'ask';
  /** per-turn (one CLI per turn) or warm (one kept alive between a session's turns). */
  processMode: 'per-turn' | 'warm';
  /** Who starts CLIs: native/build/cca-spawn (`on`; `auto` when it was built) or the server itself (`off`). */
  spawnHelper: 'auto' | 'on' | 'off';
  warmIdleMs: number;
  /** CLIs started before their session exists, each in an empty workspace, for an instant first turn. */
  prewarmProcesses: number;
  /** A pre-started CLI nobody adopted ends after this (the pool refills at the next session). */
  prewarmIdleMs: number;
  maxWarmProcesses: number;
  /** A spend cap every key has per period, from the persistent usage ledger (null: none). */
  keyBudget: { limitUsd: number; period: 'day' | 'month' } | null;
  webhook: { url: string; secret: string | undefined; maxQueue: number; retries: number; timeoutMs: number } | null;
  /** Where the CLI keeps transcripts: CLAUDE_CONFIG_DIR, else ~/.claude of the server's HOME. */
  claudeConfigDir: string;
  /** Directories whose files a resumed session may import (none by default). */
  resumeImportRoots: string[];
  auth: AuthConfig;
  rateLimit: RateLimitConfig;
  maxSessionsPerKey: number;
  corsOrigins: string[];
  trustProxy: boolean;
  /** Largest body of one file upload request (PUT, multipart, archive), counted while streaming. */
  maxUploadBytes: number;
  /** Regular-file bytes a workspace may hold after an upload. */
  workspaceMaxBytes: number;
  /** Entries per page of a file listing. */
  maxListEntries: number;
  /** Bearer token that may read /metrics (admin keys may too); null: admin keys only. */
  metricsToken: string | null;
  /** The environment the CLI child inherits from (filtered by an allow-list before use). */
  childBaseEnv: Record<string, string>;
  sandbox: SandboxConfig;
  gateway: GatewayConfig;
  /** Shared mode: REDIS_URL set (null: one node on its own files). */
  shared: SharedConfig | null;
  /** The standalone server's socket limits: slow or idle clients cannot hold connections for long. */
  server: { headersTimeoutMs: number; requestTimeoutMs: number; keepAliveTimeoutMs: number; maxConnections: number };
}

export interface SharedConfig {
  redisUrl: string;
  keyPrefix: string;
  /** This replica's name (NODE_ID, else host name and the port it listens on). */
  nodeId: string;
  /** NODE_ID was given (else the server names the replica after the port it bound). */
  nodeIdGiven: boolean;
  /** Where the other replicas reach this one (NODE_URL, else filled in by the server once it listens). */
  nodeUrl: string | null;
  /** An owner that does not renew its leases for this long loses its sessions to another replica. */
  leaseMs: number;
  /** Entries kept per session event stream (approximate MAXLEN). */
  eventStreamMaxLen: number;
}

export type SandboxMode = 'auto' | 'bwrap' | 'none';

export interface SandboxConfig {
  /** auto: bwrap where the host supports it; bwrap: required (start fails without it); none: off. */
  mode: SandboxMode;
  /** Domains every session may reach through the egress proxy (`*.example.com` covers subdomains). */
  allowDomains: string[];
  /** Domains a session may add for itself at creation (`*` = any); none by default. */
  sessionDomains: string[];
  /** Fixed addresses for egress names (`name=ip`), e.g. a package mirror on this host. */
  egressHosts: Record<string, string>;
  maxProcesses: number;
  /** 0: no memory limit. */
  memoryBytes: number;
  /** 0: no CPU limit. */
  cpus: number;
  /** More host paths the sandbox may read (toolchains under /opt, ...). */
  readOnlyPaths: string[];
  /** Per-session HOME, CLI config dir and /tmp (`<dir>/<sessionId>/`). */
  dir: string;
  /** What joins the sandbox's loopback port to the gateway: native/build/cca-bridge (`native`; `auto` when it was built) or socat. */
  bridge: 'auto' | 'native' | 'socat';
}

/** The CLI's Anthropic endpoint, run by the service: where it forwards and with what credential. */
export interface GatewayConfig {
  upstream: string;
  /** The operator's credential, never given to a CLI; null: the host's login (`.credentials.json`) or none. */
  credential: { kind: 'api-key' | 'bearer' | 'oauth'; value: string } | null;
  /** ANTHROPIC_CUSTOM_HEADERS of the server, added to every upstream request. */
  customHeaders: Record<string, string>;
  /** The upstream is Anthropic's own API: without a credential nothing can work, so the gateway says so itself. */
  needsCredential: boolean;
}

/** The model credential and endpoint: the gateway's, taken from the host's env by an embedded API too. */
export const GATEWAY_ENV = ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'CLAUDE_CODE_OAUTH_TOKEN', 'ANTHROPIC_BASE_URL', 'ANTHROPIC_CUSTOM_HEADERS', 'CLAUDE_CONFIG_DIR', 'HOME'];

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n  ${issues.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** The server's own environment: what an embedded API's CLI inherits unless the embedder passes `env`. */
export function serverEnv(): Record<string, string | undefined> {
  return process.env;
}

/** Parses an environment once; a bad value throws ConfigError naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings count as unset, as in most deployment tools.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  // No MODELS: any alias the CLI knows or full Claude model id, passed on as given; MODELS restricts.
  const listed = e.MODELS.length ? e.MODELS : [...MODEL_ALIASES];
  const models = listed.includes(e.DEFAULT_MODEL) ? listed : [e.DEFAULT_MODEL, ...listed];
  const badModel = [e.DEFAULT_MODEL, ...e.MODELS].find((m) => !isModelName(m));
  if (badModel) throw new ConfigError([`MODELS / DEFAULT_MODEL: ${JSON.stringify(badModel)} is not a model alias (${MODEL_ALIASES.join(', ')}) or a Claude model id`]);
  if (e.DEFAULT_PERMISSION_MODE === 'bypassPermissions' && !e.ALLOW_BYPASS_PERMISSIONS) {
    throw new ConfigError(['DEFAULT_PERMISSION_MODE: bypassPermissions needs ALLOW_BYPASS_PERMISSIONS=true']);
  }
  const auth = loadAuth(e);
  const stateDir = resolveStateDir(e.STATE_DIR, e.WORKSPACE_ROOT);
  return {
    sandbox: loadSandbox(e, stateDir),
    shared: e.REDIS_URL
      ? {
          redisUrl: e.REDIS_URL,
          keyPrefix: e.REDIS_KEY_PREFIX,
          nodeId: e.NODE_ID ?? `${os.hostname()}:${e.PORT}`,
          nodeIdGiven: e.NODE_ID !== undefined,
          nodeUrl: e.NODE_URL?.replace(/\/+$/, '') ?? null,
          leaseMs: e.OWNER_LEASE_MS,
          eventStreamMaxLen: e.EVENT_STREAM_MAXLEN,
        }
      : null,
    server: {
      headersTimeoutMs: Math.min(e.HEADERS_TIMEOUT_MS, e.REQUEST_TIMEOUT_MS),
      requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: e.KEEP_ALIVE_TIMEOUT_MS,
      maxConnections: e.MAX_CONNECTIONS,
    },
    gateway: {
      upstream: e.ANTHROPIC_BASE_URL.replace(/\/+$/, ''),
      credential: e.ANTHROPIC_API_KEY
        ? { kind: 'api-key', value: e.ANTHROPIC_API_KEY }
        : e.ANTHROPIC_AUTH_TOKEN
          ? { kind: 'bearer', value: e.ANTHROPIC_AUTH_TOKEN }
          : e.CLAUDE_CODE_OAUTH_TOKEN
            ? { kind: 'oauth', value: e.CLAUDE_CODE_OAUTH_TOKEN }
            : null,
      customHeaders: parseHeaderLines(e.ANTHROPIC_CUSTOM_HEADERS ?? ''),
      needsCredential: new URL(e.ANTHROPIC_BASE_URL).hostname === 'api.anthropic.com',
    },
    auth,
    rateLimit: { enabled: e.RATE_LIMIT_ENABLED, windowMs: e.RATE_LIMIT_WINDOW_MS, max: e.RATE_LIMIT_MAX, turnsMax: e.RATE_LIMIT_TURNS_MAX },
    maxSessionsPerKey: e.MAX_SESSIONS_PER_KEY,
    stateDir,
    historyMaxTurnBytes: e.HISTORY_MAX_TURN_BYTES,
    turnFileScanMaxEntries: e.TURN_FILE_SCAN_MAX_ENTRIES,
    permissionTimeoutMs: e.PERMISSION_TIMEOUT_MS,
    defaultPermissionPolicy: e.DEFAULT_PERMISSION_POLICY,
    processMode: e.PROCESS_MODE,
    spawnHelper: e.SPAWN_HELPER,
    warmIdleMs: e.WARM_IDLE_MS,
    maxWarmProcesses: e.MAX_WARM_PROCESSES,
    prewarmProcesses: e.PREWARM_PROCESSES ?? prewarmDefault(),
    prewarmIdleMs: e.PREWARM_IDLE_MS,
    keyBudget: e.KEY_BUDGET_USD !== undefined ? { limitUsd: e.KEY_BUDGET_USD, period: e.KEY_BUDGET_PERIOD } : null,
    webhook: e.WEBHOOK_URL
      ? { url: e.WEBHOOK_URL, secret: e.WEBHOOK_SECRET, maxQueue: e.WEBHOOK_MAX_QUEUE, retries: e.WEBHOOK_RETRIES, timeoutMs: e.WEBHOOK_TIMEOUT_MS }
      : null,
    claudeConfigDir: path.resolve(e.CLAUDE_CONFIG_DIR ?? path.join(e.HOME ?? os.homedir(), '.claude')),
    resumeImportRoots: e.RESUME_IMPORT_ROOTS.map((r) => path.resolve(r)),
    corsOrigins: e.CORS_ORIGINS,
    trustProxy: e.TRUST_PROXY,
    maxUploadBytes: e.MAX_UPLOAD_BYTES,
    workspaceMaxBytes: e.WORKSPACE_MAX_BYTES,
    maxListEntries: e.MAX_LIST_ENTRIES,
    metricsToken: e.METRICS_TOKEN ?? null,
    port: e.PORT,
    host: e.HOST,
    workspaceRoot: path.resolve(e.WORKSPACE_ROOT),
    claudeBin: e.CLAUDE_BIN,
    sessionTtlMs: e.SESSION_TTL_MS,
    sweepIntervalMs: e.SWEEP_INTERVAL_MS,
    keepExpiredWorkspaces: e.KEEP_EXPIRED_WORKSPACES,
    maxSessions: e.MAX_SESSIONS,
    maxConcurrentTurns: e.MAX_CONCURRENT_TURNS,
    maxQueuedTurns: e.MAX_QUEUED_TURNS,
    turnTimeoutMs: e.TURN_TIMEOUT_MS,
    turnIdleTimeoutMs: e.TURN_IDLE_TIMEOUT_MS,
    resultExitGraceMs: e.RESULT_EXIT_GRACE_MS,
    killGraceMs: e.KILL_GRACE_MS,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    defaultModel: e.DEFAULT_MODEL,
    models,
    modelsRestricted: e.MODELS.length > 0,
    defaultPermissionMode: e.DEFAULT_PERMISSION_MODE,
    allowBypassPermissions: e.ALLOW_BYPASS_PERMISSIONS,
    sseKeepaliveMs: e.SSE_KEEPALIVE_MS,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    maxPromptChars: e.MAX_PROMPT_CHARS,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    stderrLimitBytes: e.STDERR_LIMIT_BYTES,
    maxLineBytes: e.MAX_LINE_BYTES,
    maxTurnEvents: e.MAX_TURN_EVENTS,
    eventReplayBuffer: e.EVENT_REPLAY_BUFFER,
    eventReplayBufferBytes: e.EVENT_REPLAY_BUFFER_BYTES,
    eventReplayTotalBytes: Math.max(e.EVENT_REPLAY_TOTAL_BYTES, e.EVENT_REPLAY_BUFFER_BYTES),
    subscriberBuffer: e.SUBSCRIBER_BUFFER,
    subscriberBufferBytes: e.SUBSCRIBER_BUFFER_BYTES,
    maxTurnEventBytes: e.MAX_TURN_EVENT_BYTES,
    childBaseEnv: Object.fromEntries(Object.entries(env).filter((kv): kv is [string, string] => kv[1] !== undefined)),
  };
}

// State lives beside the workspace root, not in it; a root that already holds `.state` keeps it there.
function resolveStateDir(explicit: string | undefined, workspaceRoot: string): string {
  if (explicit) return path.resolve(explicit);
  const legacy = path.resolve(workspaceRoot, '.state');
  if (existsSync(path.join(legacy, 'sessions'))) return legacy;
  return path.resolve(workspaceRoot, '..', path.basename(path.resolve(workspaceRoot)) + '-state');
}

function loadSandbox(e: z.infer<typeof EnvSchema>, stateDir: string): SandboxConfig {
  const issues: string[] = [];
  const domains = (variable: string, list: string[], star: boolean) =>
    list.map((d) => d.toLowerCase()).filter((d) => {
      const ok = DOMAIN.test(d) || (star && d === '*');
      if (!ok) issues.push(`${variable}: ${JSON.stringify(d)} is not a domain name (or *.domain)`);
      return ok;
    });
  const egressHosts: Record<string, string> = {};
  for (const entry of e.SANDBOX_EGRESS_HOSTS) {
    const m = /^([^=\s]+)=([0-9a-fA-F:.]+)$/.exec(entry);
    if (!m || !DOMAIN.test(m[1]!.toLowerCase()) || isIP(m[2]!) === 0) issues.push(`SANDBOX_EGRESS_HOSTS: ${JSON.stringify(entry)} is not name=ip`);
    else egressHosts[m[1]!.toLowerCase()] = m[2]!;
  }
  const dir = path.resolve(e.SANDBOX_DIR ?? path.join(stateDir, 'sandboxes'));
  // A read-only path over the workspaces or the state would show every tenant's files to each.
  const secret = [path.resolve(e.WORKSPACE_ROOT), stateDir, dir];
  const readOnlyPaths = e.SANDBOX_READ_ONLY_PATHS.map((p) => {
    const abs = path.resolve(p);
    if (!path.isAbsolute(p)) issues.push(`SANDBOX_READ_ONLY_PATHS: ${JSON.stringify(p)} is not an absolute path`);
    else if (secret.some((s) => s === abs || s.startsWith(abs.endsWith('/') ? abs : abs + '/'))) {
      issues.push(`SANDBOX_READ_ONLY_PATHS: ${p} holds the workspaces or the service's state; name a narrower path`);
    }
    return abs;
  });
  const config: SandboxConfig = {
    mode: e.SANDBOX,
    allowDomains: domains('SANDBOX_ALLOW_DOMAINS', e.SANDBOX_ALLOW_DOMAINS, false),
    sessionDomains: domains('SANDBOX_SESSION_DOMAINS', e.SANDBOX_SESSION_DOMAINS, true),
    egressHosts,
    maxProcesses: e.SANDBOX_MAX_PROCESSES,
    memoryBytes: e.SANDBOX_MEMORY_MB * 1024 * 1024,
    cpus: e.SANDBOX_CPUS,
    readOnlyPaths,
    dir,
    bridge: e.SANDBOX_BRIDGE,
  };
  if (issues.length) throw new ConfigError(issues);
  return config;
}

// `Name: value` lines, as the CLI reads ANTHROPIC_CUSTOM_HEADERS.
function parseHeaderLines(raw: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of raw.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return headers;
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function loadAuth(e: z.infer<typeof EnvSchema>): AuthConfig {
  const keys: KeyEntry[] = [];
  const add = (variable: string, raw: string, admin: boolean, allowDigest: boolean) => {
    try {
      keys.push(parseKeyEntry(raw, { admin, allowDigest }));
    } catch (err) {
      throw new ConfigError([`${variable}: ${(err as Error).message}`]);
    }
  };
  for (const k of e.API_KEYS) add('API_KEYS', k, false, false);
  for (const k of e.ADMIN_KEYS) add('ADMIN_KEYS', k, true, false);
  if (e.API_KEYS_FILE) {
    let text: string;
    try {
      text = readFileSync(e.API_KEYS_FILE, 'utf8');
    } catch (err) {
      throw new ConfigError([`API_KEYS_FILE: cannot read ${e.API_KEYS_FILE}: ${(err as NodeJS.ErrnoException).code}`]);
    }
    text.split(/\r?\n/).forEach((line, i) => {
      const t = line.trim();
      if (t && !t.startsWith('#')) add(`API_KEYS_FILE line ${i + 1}`, t, false, true);
    });
  }
  const names = keys.map((k) => k.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new ConfigError([`API_KEYS: the key name ${dup} is used twice`]);
  if (keys.length === 0 && !e.AUTH_DISABLED && !isLoopbackHost(e.HOST)) {
    throw new ConfigError([
      `HOST: ${e.HOST} is not a loopback address and no API keys are configured; set API_KEYS or API_KEYS_FILE, or AUTH_DISABLED=true to serve without auth`,
    ]);
  }
  let require: AuthConfig['require'] = 'all';
  if (!(e.AUTH_REQUIRE.length === 1 && e.AUTH_REQUIRE[0] === '*')) {
    require = e.AUTH_REQUIRE.map((r) => {
      const m = ROUTE.exec(r.trim());
      if (!m) throw new ConfigError([`AUTH_REQUIRE: ${JSON.stringify(r)} is not "METHOD /path" (e.g. "POST /sessions/:id/messages")`]);
      return { method: m[1]!, path: m[2]! };
    });
  }
  return { keys, disabled: keys.length === 0 || e.AUTH_DISABLED, require };
}

/** One pre-started CLI (~300 MiB, a share of a core at start) per 2 cores and 4 GiB, at most 4. */
export function prewarmDefault(cores = os.cpus().length, memBytes = os.totalmem()): number {
  return Math.max(0, Math.min(4, Math.floor(cores / 2), Math.floor(memBytes / 4 / 1024 ** 3)));
}
