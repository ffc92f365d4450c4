import { describe, expect, it } from 'vitest';
import { findKey, parseKeyEntry, sha256 } from './keys.js';

const plain = { admin: false, allowDigest: false };

describe('parseKeyEntry', () => {
  it('reads key, name:key, admin:name:key and file digests', () => {
    expect(parseKeyEntry('sk-abcdefghijkl', plain)).toMatchObject({ admin: false, name: expect.stringMatching(/^key-[0-9a-f]{8}$/) });
    expect(parseKeyEntry('alice:sk-abcdefghijkl', plain)).toMatchObject({ name: 'alice', admin: false });
    expect(parseKeyEntry('admin:ops:sk-abcdefghijkl', plain)).toMatchObject({ name: 'ops', admin: true });
    expect(parseKeyEntry('admin:sk-abcdefghijkl', plain)).toMatchObject({ name: 'admin', admin: true });
    const hex = sha256('sk-abcdefghijkl').toString('hex');
    const e = parseKeyEntry(`bob:sha256:${hex}`, { admin: false, allowDigest: true });
    expect(e.name).toBe('bob');
    expect(findKey([e], 'sk-abcdefghijkl')).toBe(e);
  });

  it('refuses short keys, digests outside files, keys with spaces', () => {
    expect(() => parseKeyEntry('short', plain)).toThrow(/at least/);
    expect(() => parseKeyEntry(`sha256:${'0'.repeat(64)}`, plain)).toThrow(/API_KEYS_FILE/);
    expect(() => parseKeyEntry('a:sk-abc defghijkl', plain)).toThrow(/white space/);
  });
});

describe('findKey', () => {
  it('finds by digest and rejects near misses', () => {
    const keys = ['alice:sk-alice-0000001', 'bob:sk-bob-000000001'].map((k) => parseKeyEntry(k, plain));
    expect(findKey(keys, 'sk-bob-000000001')?.name).toBe('bob');
    expect(findKey(keys, 'sk-bob-000000002')).toBeNull();
    expect(findKey(keys, '')).toBeNull();
  });
});
