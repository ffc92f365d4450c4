import type { BigIntStats } from 'node:fs';

// Validators for conditional requests: a strong ETag from inode, size and nanosecond mtime, so an
// atomic replace (new inode) or any write (new mtime) changes it without hashing the content.

export function etagOf(st: BigIntStats): string {
  return `"${st.ino.toString(36)}-${st.size.toString(36)}-${st.mtimeNs.toString(36)}"`;
}

function tags(header: string): string[] {
  return header
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
}

/** If-Match: strong comparison; `*` means "exists". No current file never matches. */
export function ifMatchPasses(header: string, current: string | null): boolean {
  if (current === null) return false;
  const list = tags(header);
  return list.includes('*') || list.includes(current);
}

/** If-None-Match: weak comparison; true when the header matches (a GET answers 304, a PUT 412). */
export function ifNoneMatchMatches(header: string, current: string | null): boolean {
  if (current === null) return false;
  const bare = (t: string) => t.replace(/^W\//, '');
  const list = tags(header);
  return list.includes('*') || list.some((t) => bare(t) === bare(current));
}
