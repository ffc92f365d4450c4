import { hash, timingSafeEqual } from 'node:crypto';

/** A configured key, held only as its SHA-256 digest: the server never keeps the secret. */
export interface KeyEntry {
  name: string;
  admin: boolean;
  digest: Buffer;
}

// One-shot: a Hash object per presented key would cost more than the digest itself.
export const sha256 = (text: string): Buffer => hash('sha256', text, 'buffer');

const NAME = /^[A-Za-z0-9._-]{1,64}$/;
const DIGEST = /^sha256:([0-9a-fA-F]{64})$/;
export const MIN_KEY_LENGTH = 12;

/**
 * Parses one entry: `key`, `name:key`, `admin:name:key`, or with `sha256:<hex>` in place of the
 * key (files only). A key without a name is named by a short digest prefix.
 */
export function parseKeyEntry(raw: string, opts: { admin: boolean; allowDigest: boolean }): KeyEntry {
  let rest = raw.trim();
  let admin = opts.admin;
  let name: string | undefined;
  const digestMatch = (s: string) => DIGEST.exec(s);
  const parts = rest.split(':');
  // The secret is whatever follows the last name-like prefix; a digest keeps its own colon.
  if (parts[0] === 'admin' && parts.length >= 3 && !digestMatch(parts.slice(1).join(':'))) {
    admin = true;
    rest = parts.slice(1).join(':');
  }
  const sep = rest.indexOf(':');
  if (sep > 0 && !digestMatch(rest) && NAME.test(rest.slice(0, sep))) {
    name = rest.slice(0, sep);
    rest = rest.slice(sep + 1);
  }
  if (name === 'admin') admin = true;
  const d = digestMatch(rest);
  let digest: Buffer;
  if (d) {
    if (!opts.allowDigest) throw new Error('sha256: digests are accepted in API_KEYS_FILE only');
    digest = Buffer.from(d[1]!, 'hex');
  } else {
    if (rest.length < MIN_KEY_LENGTH) throw new Error(`a key must be at least ${MIN_KEY_LENGTH} characters`);
    if (/\s/.test(rest)) throw new Error('a key must not contain white space');
    digest = sha256(rest);
  }
  return { name: name ?? `key-${digest.toString('hex').slice(0, 8)}`, admin, digest };
}

/** Looks a presented key up in constant time per entry, comparing digests, never the secrets. */
export function findKey(entries: KeyEntry[], presented: string): KeyEntry | null {
  const digest = sha256(presented);
  let found: KeyEntry | null = null;
  // Every entry is compared, so the time taken does not tell which one matched.
  for (const e of entries) if (timingSafeEqual(e.digest, digest) && !found) found = e;
  return found;
}
