import path from 'node:path';
import { EventLog } from '../history/event-log.js';
import type { SessionLog } from '../history/session-log.js';
import { EventHub, type HubLimits } from './event-hub.js';
import type { SessionEvent } from './events.js';
import type { LiveSession, SessionRecord } from './session.js';

export interface LiveSessionLimits {
  historyDir: string;
  historyMaxTurnBytes: number;
  /** How much each session keeps in memory for replay and lets a subscriber lag (the budget is shared). */
  hub: HubLimits;
  /** Sees every event of every session after the history (metrics, usage, webhooks). */
  observe?: (record: SessionRecord, event: SessionEvent) => void;
  /** Opens the session's history elsewhere than its file under historyDir (shared mode: Redis). */
  openLog?: (record: SessionRecord) => Promise<{ log: SessionLog; lastId: number }>;
}

/** Brings a record to life: its history log opened, event ids continuing where they stopped. */
export async function openLiveSession(record: SessionRecord, limits: LiveSessionLimits): Promise<LiveSession> {
  const { log, lastId } = limits.openLog
    ? await limits.openLog(record)
    : await EventLog.open(path.join(limits.historyDir, `${record.id}.jsonl`), limits.historyMaxTurnBytes);
  record.lastEventId = Math.max(record.lastEventId, lastId);
  const events = new EventHub(record.id, record.lastEventId + 1, limits.hub, (e) => {
    log.append(e);
    record.lastEventId = e.id;
    limits.observe?.(record, e);
  });
  return { record, events, log, turn: null, fileWrites: 0, snapshot: null };
}
