import type { SessionRecord } from './session.js';

/**
 * Shared mode's registry as the domain sees it (the Redis adapter is in src/shared-state): the
 * session caps counted across replicas, and every replica's sessions for listings.
 */
export interface SharedRegistry {
  /**
   * Counts a new session against MAX_SESSIONS and the key's caps (SESSION_LIMIT when full) and makes
   * this replica its owner; release() gives the place back when the create fails.
   */
  admit(record: SessionRecord): Promise<{ release: () => Promise<void> }>;
  /** Sessions in (createdAt, id) order after `after`, every owner's (undefined) or one owner's. */
  /** Which of these sessions exist on any replica (a create under way counts). */
  exist(ids: readonly string[]): Promise<boolean[]>;
  list(owner: string | undefined, limit: number, after?: { createdAt: number; id: string }): Promise<{ records: SessionRecord[]; more: boolean }>;
}
