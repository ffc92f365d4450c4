import type { Logger } from 'pino';
import { z } from 'zod';
import { isAllowedChildVar } from '../cli/child-env.js';
import { ConfigError, GATEWAY_ENV, loadConfig, serverEnv, type Config } from '../config.js';
import { describeIssues } from './option-errors.js';
import { AUTH, GROUPS, KEY_BUDGET, OPTION_FOR_ENV, RATE_LIMIT, SANDBOX, TOP_LEVEL, WEBHOOK, type OptionSpec } from './option-table.js';

type Shape<T extends Record<string, OptionSpec>> = { [K in keyof T]: z.ZodOptional<T[K]['schema']> };
const shape = <T extends Record<string, OptionSpec>>(table: T) =>
  Object.fromEntries(Object.entries(table).map(([k, s]) => [k, s.schema.optional()])) as Shape<T>;

const isLogger = (v: unknown): v is Logger =>
  typeof v === 'object' && v !== null && typeof (v as Logger).info === 'function' && typeof (v as Logger).child === 'function';
const isConfig = (v: unknown): v is Config => typeof v === 'object' && v !== null && 'workspaceRoot' in v && 'auth' in v;

/** The options object: the TypeScript design's, every Config field, and what only an embedder has. */
export const OptionsSchema = z.strictObject({
  /** false: the app answers every request 503 API_DISABLED and starts nothing. */
  enabled: z.boolean().optional(),
  /** `root` (default when embedded): routes once, relative to the mount point; `both`: also under /api/v1. */
  mount: z.enum(['root', 'both']).optional(),
  /** The environment the CLI inherits (allow-listed); default: this process's. */
  env: z.record(z.string(), z.string().optional()).optional(),
  /** A pino logger; default: one at `logLevel` on stdout. */
  logger: z.custom<Logger>(isLogger, 'must be a pino logger').optional(),
  /** A Config already loaded with loadConfig (the standalone server); excludes every config option. */
  config: z.custom<Config>(isConfig, 'must be a Config from loadConfig').optional(),
  auth: z.strictObject({ enabled: z.boolean().optional(), ...shape(AUTH) }).optional(),
  rateLimit: z.strictObject(shape(RATE_LIMIT)).optional(),
  keyBudget: z.strictObject(shape(KEY_BUDGET)).optional(),
  webhook: z.strictObject(shape(WEBHOOK)).optional(),
  sandbox: z.strictObject(shape(SANDBOX)).optional(),
  ...shape(TOP_LEVEL),
});

export type ClaudeCodeApiOptions = z.input<typeof OptionsSchema>;
type Parsed = z.output<typeof OptionsSchema>;
type Env = Record<string, string | undefined>;

/** Invalid or unknown options, each named as the caller wrote it. */
export class OptionsError extends ConfigError {
  constructor(issues: string[]) {
    super(issues);
    this.name = 'OptionsError';
    this.message = `Invalid options: ${issues.join('; ')}`;
  }
}

export function parseOptions(options: unknown): Parsed {
  const parsed = OptionsSchema.safeParse(options ?? {});
  if (!parsed.success) throw new OptionsError(describeIssues(parsed.error.issues, OptionsSchema));
  const o = parsed.data;
  if (o.sessionTimeout !== undefined && o.sessionTtlMs !== undefined) {
    throw new OptionsError(['sessionTimeout and sessionTtlMs set the same value: pass one']);
  }
  return o;
}

/** The env-shaped record loadConfig validates: one variable per option given. */
export function optionsToEnv(o: Parsed): Record<string, string> {
  const env: Record<string, string> = {};
  const put = (table: Record<string, OptionSpec>, values: Record<string, unknown> | undefined) => {
    for (const [key, spec] of Object.entries(table)) {
      const v = values?.[key];
      if (v !== undefined) env[spec.env] = Array.isArray(v) ? v.join(',') : String(v);
    }
  };
  put(TOP_LEVEL, o);
  for (const [group, table] of Object.entries(GROUPS)) put(table, o[group as keyof typeof GROUPS]);
  const { enabled, ...auth } = o.auth ?? {};
  put(AUTH, auth);
  const hasKeys = Boolean(auth.apiKeys?.length || auth.adminKeys?.length || auth.apiKeysFile);
  if (enabled === true && !hasKeys) throw new OptionsError(['auth.enabled is true but no auth.apiKeys, auth.adminKeys or auth.apiKeysFile is given']);
  // Embedded, the host decides where it listens: without keys (or with enabled:false) auth is off, said out loud in the log.
  if (!(enabled ?? hasKeys)) env.AUTH_DISABLED = 'true';
  return env;
}

/**
 * Options → one validated Config, through the same loadConfig as the environment. From `env`
 * (default: this process's) only what the CLI may inherit, and the gateway's model credential, is taken: the host's own PORT,
 * API_KEYS or MAX_SESSIONS never configure an embedded API.
 */
export function configFromOptions(options: ClaudeCodeApiOptions | Parsed = {}, env?: Env): Config {
  const o = parseOptions(options);
  const base = env ?? o.env ?? serverEnv();
  const translated = optionsToEnv(o);
  const inherited = Object.fromEntries(Object.entries(base).filter(([k]) => isAllowedChildVar(k) || GATEWAY_ENV.includes(k)));
  try {
    return loadConfig({ ...inherited, ...translated });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    // loadConfig names variables; the caller wrote options.
    const names = Object.keys(OPTION_FOR_ENV).sort((a, b) => b.length - a.length);
    const rename = (s: string) => names.reduce((t, n) => t.replace(new RegExp(`\\b${n}\\b`, 'g'), OPTION_FOR_ENV[n]!), s);
    throw new OptionsError(err.issues.map(rename));
  }
}
