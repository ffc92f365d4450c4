import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { suggest } from './option-errors.js';
import { GROUPS, TOP_LEVEL } from './option-table.js';
import { configFromOptions, OptionsError, optionsToEnv, parseOptions } from './options.js';

const ALICE = 'alice-key-0123456789';

describe('configFromOptions', () => {
  it('maps the TypeScript design options onto the same Config as the environment', () => {
    const fromOptions = configFromOptions(
      {
        sessionTimeout: 120_000,
        maxSessions: 7,
        auth: { enabled: true, apiKeys: [`alice:${ALICE}`], requireAuth: ['POST /sessions', 'POST /sessions/:id/messages'] },
        rateLimit: { enabled: true, windowMs: 2_000, maxRequests: 5 },
        workspaceRoot: '/tmp/ws',
        models: ['sonnet', 'opus'],
      },
      { PATH: '/bin', HOME: '/home/x' },
    );
    const fromEnv = loadConfig({
      PATH: '/bin',
      HOME: '/home/x',
      SESSION_TTL_MS: '120000',
      MAX_SESSIONS: '7',
      API_KEYS: `alice:${ALICE}`,
      AUTH_REQUIRE: 'POST /sessions,POST /sessions/:id/messages',
      RATE_LIMIT_ENABLED: 'true',
      RATE_LIMIT_WINDOW_MS: '2000',
      RATE_LIMIT_MAX: '5',
      WORKSPACE_ROOT: '/tmp/ws',
      MODELS: 'sonnet,opus',
    });
    expect(fromOptions).toEqual(fromEnv);
    expect(fromOptions.auth.require).toEqual([
      { method: 'POST', path: '/sessions' },
      { method: 'POST', path: '/sessions/:id/messages' },
    ]);
  });

  it('takes from env only what the CLI may inherit: the host process never configures the API', () => {
    const c = configFromOptions({}, { PATH: '/bin', ANTHROPIC_API_KEY: 'sk', API_KEYS: `bob:${ALICE}`, MAX_SESSIONS: '1', PORT: 'x', SECRET: 's' });
    expect(c.maxSessions).toBe(100);
    expect(c.auth).toMatchObject({ keys: [], disabled: true });
    expect(c.childBaseEnv).toEqual({ PATH: '/bin', ANTHROPIC_API_KEY: 'sk', AUTH_DISABLED: 'true' });
  });

  it('turns auth on with keys, off without, and never silently with enabled:true and no keys', () => {
    expect(optionsToEnv(parseOptions({}))).toEqual({ AUTH_DISABLED: 'true' });
    expect(optionsToEnv(parseOptions({ auth: { apiKeys: [ALICE] } }))).toEqual({ API_KEYS: ALICE });
    expect(optionsToEnv(parseOptions({ auth: { enabled: false, apiKeys: [ALICE] } }))).toMatchObject({ AUTH_DISABLED: 'true' });
    expect(() => optionsToEnv(parseOptions({ auth: { enabled: true } }))).toThrow(OptionsError);
  });

  it('has an option for every Config field an embedder may set', () => {
    // gateway: the model credential comes from the environment only, never from code.
    // server: an embedder's own HTTP server has its own limits.
    // modelsRestricted: derived from whether `models` was given.
    // shared: several replicas are standalone servers (REDIS_URL, NODE_URL), not an embedding.
    const notOptions = new Set(['port', 'host', 'auth', 'childBaseEnv', 'gateway', 'server', 'modelsRestricted', 'shared']);
    const fields = Object.keys(loadConfig({})).filter((k) => !notOptions.has(k));
    const missing = fields.filter((k) => !(k in TOP_LEVEL) && !(k in GROUPS));
    expect(missing, 'a new Config field needs its option in src/config/option-table.ts').toEqual([]);
  });

  it('suggests the closest option for a typo', () => {
    expect(suggest('apiKey', ['apiKeys', 'adminKeys'])).toBe('apiKeys');
    expect(suggest('MAXSESSIONS', ['maxSessions'])).toBe('maxSessions');
    expect(suggest('colour', ['maxSessions'])).toBeUndefined();
  });
});
