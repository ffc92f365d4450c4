import type { SessionRecord } from '../sessions/session.js';

export interface LoadResult {
  records: SessionRecord[];
  /** Records that could not be read: reported and skipped, never fatal. */
  corrupt: Array<{ id: string; error: string }>;
}

/**
 * Where session records live. The JSON-file store fills it today; a Redis store can later,
 * for several replicas sharing one registry.
 */
export interface SessionStore {
  loadAll(): Promise<LoadResult>;
  /** Saves the latest state; concurrent saves of one id coalesce, the last state wins. */
  save(record: SessionRecord): void;
  remove(id: string): Promise<void>;
  /** Resolves once every save so far is on disk. */
  flush(): Promise<void>;
  /** Resolves once the latest save of this id is on disk. */
  saved(id: string): Promise<void>;
}
