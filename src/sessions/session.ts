import type { CliOptions } from '../cli/args.js';
import type { WorkspaceSnapshot } from '../files/snapshot.js';
import type { SessionLog } from '../history/session-log.js';
import type { EventHub } from './event-hub.js';
import type { TurnStatus, TurnError, Usage } from './events.js';
import type { ActiveTurn } from './turn-runner.js';

export type SessionStatus = 'idle' | 'queued' | 'running' | 'waiting_permission';

export interface LastTurn {
  id: string;
  status: TurnStatus;
  finishedAt: string;
  error: TurnError | null;
}

/** What a session is, independent of any process: the part a store can persist. */
export interface SessionRecord {
  id: string;
  /** The name of the API key that created it; only that key (and admins) can see it. */
  owner: string;
  name: string | null;
  options: CliOptions;
  workspace: string;
  claudeSessionId: string | null;
  createdAt: number;
  lastActivityAt: number;
  turnCount: number;
  totals: Usage & { costUsd: number };
  lastTurn: LastTurn | null;
  /** The turn running now, persisted so a restart can mark it interrupted and kill its orphan. */
  activeTurn: ActiveTurnRecord | null;
  /** The warm CLI waiting between turns, persisted so a restart kills it rather than orphan it. */
  warmProcess: { pid: number; pidStartTime: string } | null;
  /** Tools the API client allowed for the whole session (`remember: "session"`). */
  rememberedTools: string[];
  /** The id of the last event published: event ids continue from here after a restart. */
  lastEventId: number;
}

export interface ActiveTurnRecord {
  id: string;
  prompt: string;
  startedAt: number;
  pid: number | null;
  /** The process's start time (from /proc), so a reused pid is never mistaken for our child. */
  pidStartTime: string | null;
}

/** A session in memory: its record, its event stream and the turn running now, if any. */
export interface LiveSession {
  record: SessionRecord;
  events: EventHub;
  log: SessionLog;
  turn: ActiveTurn | null;
  /** File writes under way through the API: a turn does not start while one runs. */
  fileWrites: number;
  /** The workspace as the last turn left it (small workspaces only; null after an API write): the next turn's "before". */
  snapshot: WorkspaceSnapshot | null;
}

/** What a listing shows of a session, whether this replica runs it or another one does. */
export interface SessionSnapshot {
  record: SessionRecord;
  status: SessionStatus;
  currentTurnId: string | null;
  lastEventId: number;
}

export function snapshotOf(s: LiveSession): SessionSnapshot {
  return { record: s.record, status: sessionStatus(s), currentTurnId: s.turn?.id ?? null, lastEventId: s.events.lastId };
}

/** A session run by another replica, as its stored record says. */
export function snapshotOfRecord(record: SessionRecord): SessionSnapshot {
  return { record, status: record.activeTurn ? 'running' : 'idle', currentTurnId: record.activeTurn?.id ?? null, lastEventId: record.lastEventId };
}

export function sessionStatus(s: LiveSession): SessionStatus {
  if (!s.turn) return 'idle';
  return s.turn.waitingForPermission ? 'waiting_permission' : s.turn.phase;
}

export const emptyTotals = (): SessionRecord['totals'] => ({
  costUsd: 0,
  inputTokens: 0,
  outputTokens: 0,
  cacheCreationInputTokens: 0,
  cacheReadInputTokens: 0,
});
