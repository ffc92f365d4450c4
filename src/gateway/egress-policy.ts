import { isIP } from 'node:net';

// Which hosts a sandboxed session may reach through the egress proxy: domain patterns
// (`example.com`, `*.example.com`), and never an address on the host itself or a link-local one
// (cloud metadata), unless the operator pinned that name to it (SANDBOX_EGRESS_HOSTS).

export function domainAllowed(host: string, patterns: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (isIP(h) !== 0) return false; // names only: an address cannot be checked against a domain list
  return patterns.some((p) => (p.startsWith('*.') ? h.endsWith(p.slice(1)) && h.length > p.length - 1 : h === p));
}

/** The domains a session's sandbox may reach: the operator's for everyone, and the session's own. */
export function domainsFor(everyone: readonly string[], own: readonly string[] | undefined): readonly string[] {
  return own?.length ? [...everyone, ...own] : everyone;
}

/** Whether a session may ask for `requested` (a name or `*.name`) under the operator's patterns (`*`: any). */
export function domainRequestAllowed(requested: string, patterns: readonly string[]): boolean {
  if (patterns.includes('*')) return true;
  if (!requested.startsWith('*.')) return domainAllowed(requested, patterns);
  const base = requested.slice(2);
  return patterns.some((p) => p === requested || (p.startsWith('*.') && base.endsWith(p.slice(1))));
}

/** Addresses a proxied connection may never reach by name resolution alone. */
export function isForbiddenAddress(address: string): boolean {
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(v4) === 4) {
    const [a, b] = v4.split('.').map(Number) as [number, number];
    return a === 127 || a === 0 || (a === 169 && b === 254) || a >= 224;
  }
  const v6 = address.toLowerCase();
  return v6 === '::1' || v6 === '::' || v6.startsWith('fe80:') || v6.startsWith('ff');
}
