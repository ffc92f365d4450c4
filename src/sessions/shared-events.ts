import type { SessionEvent } from './events.js';
import type { SessionRecord } from './session.js';
import type { Subscription } from './subscription.js';

/**
 * Shared mode's event logs as the domain reads them (the Redis adapter is in src/shared-state):
 * any replica replays and tails any session's events, whichever replica runs its turns. Each
 * call fails with STORE_UNAVAILABLE while the store cannot be reached.
 */
export interface SharedEventLogs {
  /** The session's stored record; null when there is none (never made, or deleted). */
  record(id: string): Promise<SessionRecord | null>;
  /** The id of the newest stored event (0 when there is none yet). */
  lastId(id: string): Promise<number>;
  /** Stored events with id > after, oldest first, read a page at a time as they are consumed. */
  read(id: string, after: number): AsyncGenerator<SessionEvent>;
  /**
   * Events with id > after as they are stored, in a bounded subscription (a slow reader is dropped
   * with 'overflow'); it ends 'closed' when the session is deleted, 'store_unavailable' when the
   * store is lost.
   */
  follow(id: string, after: number): Subscription;
  /** What this replica tails now (health and metrics; both 0 when nobody follows). */
  tailing(): { sessions: number; subscribers: number };
}
