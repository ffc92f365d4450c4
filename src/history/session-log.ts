import type { SessionEvent } from '../sessions/events.js';

/**
 * Where a session's history goes: the JSON-lines file (one node) or the session's Redis Stream
 * (shared mode). Appends are in order and never wait; reads see every append made before them.
 */
export interface SessionLog {
  append(event: SessionEvent): void;
  /** Events with after < id < before, oldest first. */
  read(after: number, before?: number): AsyncGenerator<SessionEvent>;
  /** Resolves once every append so far is stored. */
  flush(): Promise<void>;
  close(): Promise<void>;
  /** The session is deleted: its history goes too. */
  destroy(): Promise<void>;
}
