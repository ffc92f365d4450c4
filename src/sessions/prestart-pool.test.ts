import { describe, expect, it } from 'vitest';
import { prewarmDefault } from '../config.js';
import { adoptionChanges } from './prestart-pool.js';

const defaults = { model: 'sonnet', permissionMode: 'default' as const };

describe('adoptionChanges', () => {
  it('needs nothing for the defaults, control messages for another model or mode', () => {
    expect(adoptionChanges({ ...defaults }, defaults)).toEqual({});
    expect(adoptionChanges({ ...defaults, model: 'opus', permissionMode: 'acceptEdits', processMode: 'warm', permissionPolicy: 'ask' }, defaults)).toEqual({
      model: 'opus',
      permissionMode: 'acceptEdits',
    });
  });

  it('refuses what only start-up flags, a per-process budget or another sandbox can give', () => {
    for (const extra of [
      { allowedTools: ['Read'] },
      { disallowedTools: ['Bash'] },
      { appendSystemPrompt: 'be brief' },
      { maxTurns: 3 },
      { maxBudgetUsd: 1 },
      { allowedDomains: ['example.com'] },
      { permissionMode: 'bypassPermissions' as const },
    ]) {
      expect(adoptionChanges({ ...defaults, ...extra }, defaults)).toBeNull();
    }
    // Empty lists are no flags at all.
    expect(adoptionChanges({ ...defaults, allowedTools: [], allowedDomains: [] }, defaults)).toEqual({});
  });
});

describe('prewarmDefault', () => {
  it('one CLI per 2 cores and 4 GiB, at most 4, none on a small machine', () => {
    expect(prewarmDefault(2, 24 * 1024 ** 3)).toBe(1);
    expect(prewarmDefault(16, 64 * 1024 ** 3)).toBe(4);
    expect(prewarmDefault(8, 8 * 1024 ** 3)).toBe(2);
    expect(prewarmDefault(1, 24 * 1024 ** 3)).toBe(0);
    expect(prewarmDefault(4, 2 * 1024 ** 3)).toBe(0);
  });
});
