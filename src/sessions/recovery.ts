import type { Logger } from 'pino';
import { endOrphanGroup, killOrphanGroup } from '../cli/proc-info.js';
import type { LiveSession } from './session.js';

/**
 * A record loaded with a turn still marked active belongs to a server that died mid-turn:
 * kill what survives of that turn's process group and record the turn as interrupted.
 */
export async function recoverRecord(live: LiveSession, logger: Logger, graceMs: number): Promise<{ interrupted: boolean; killed: number[] }> {
  const { record } = live;
  const warm = record.warmProcess;
  // An idle warm CLI holds the conversation's last turns: it gets the chance to write them out.
  const warmKilled = warm ? await endOrphanGroup(warm.pid, warm.pidStartTime, graceMs) : [];
  if (warmKilled.length) logger.warn({ sessionId: record.id, killed: warmKilled }, 'killed a warm CLI left by a previous run');
  record.warmProcess = null;
  const active = record.activeTurn;
  if (!active) return { interrupted: false, killed: warmKilled };
  const killed = [...warmKilled, ...(active.pid !== null && active.pidStartTime !== null ? killOrphanGroup(active.pid, active.pidStartTime) : [])];
  if (killed.length) logger.warn({ sessionId: record.id, turnId: active.id, killed }, 'killed processes left by a previous run');
  const finishedAt = Date.now();
  const error = { code: 'CLI_FAILED' as const, message: 'the server stopped while this turn was running' };
  live.events.publish({ type: 'error', turnId: active.id, ...error });
  live.events.publish({
    type: 'turn_finished',
    turnId: active.id,
    status: 'interrupted',
    text: '',
    result: null,
    error,
    endReason: 'server_restart',
    files: null,
    durationMs: finishedAt - active.startedAt,
  });
  record.lastTurn = { id: active.id, status: 'interrupted', finishedAt: new Date(finishedAt).toISOString(), error };
  record.activeTurn = null;
  logger.warn({ sessionId: record.id, turnId: active.id }, 'turn interrupted by a server restart');
  return { interrupted: true, killed };
}
