import { workspaceFull } from './budget.js';
import { scanWorkspace } from './snapshot.js';
import { isStagingName } from './staging.js';

// WORKSPACE_MAX_BYTES: the bytes of regular files (and link entries) in a workspace. Counted by
// a bounded walk that never follows symlinks; an upload in progress does not count yet.

const SCAN_LIMIT = 200_000;

export async function usedBytes(root: string): Promise<number> {
  const snap = await scanWorkspace(root, { maxEntries: SCAN_LIMIT, skipTop: isStagingName });
  let total = 0;
  for (const { size } of snap.values()) total += size;
  return total;
}

/** Throws 413 WORKSPACE_FULL when adding `added` bytes and dropping `replaced` would pass `max`. */
export function ensureFits(used: number, replaced: number, added: number, max: number): void {
  if (used - replaced + added > max) throw workspaceFull(max);
}
