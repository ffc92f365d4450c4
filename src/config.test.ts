import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('applies documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3050, host: '127.0.0.1', maxSessions: 100, sessionTtlMs: 3_600_000, sseKeepaliveMs: 15_000 });
    expect(c.models).toContain(c.defaultModel);
  });

  it('names the variable of a bad value', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ MAX_SESSIONS: '0' })).toThrow(/MAX_SESSIONS/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(ConfigError);
    expect(() => loadConfig({ SPAWN_HELPER: 'yes' })).toThrow(/SPAWN_HELPER/);
  });

  it('starts CLIs through the spawn helper when it is there, unless told otherwise', () => {
    expect(loadConfig({}).spawnHelper).toBe('auto');
    expect(loadConfig({ SPAWN_HELPER: 'off' }).spawnHelper).toBe('off');
  });

  it('refuses bypassPermissions as default unless explicitly allowed', () => {
    expect(() => loadConfig({ DEFAULT_PERMISSION_MODE: 'bypassPermissions' })).toThrow(/ALLOW_BYPASS_PERMISSIONS/);
    expect(loadConfig({ DEFAULT_PERMISSION_MODE: 'bypassPermissions', ALLOW_BYPASS_PERMISSIONS: 'true' }).defaultPermissionMode).toBe(
      'bypassPermissions',
    );
  });

  it('adds the default model to the list', () => {
    expect(loadConfig({ DEFAULT_MODEL: 'claude-opus-4-5', MODELS: 'sonnet,haiku' }).models).toEqual(['claude-opus-4-5', 'sonnet', 'haiku']);
    expect(() => loadConfig({ MODELS: 'sonnet,gpt-4' })).toThrow(/"gpt-4" is not a model alias/);
  });
});
