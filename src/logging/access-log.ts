import type { DestinationStream, Logger } from 'pino';
import { LOG_BASE, LOG_MESSAGE_KEY } from './log-format.js';

/** One finished request, as the access log records it. */
export interface AccessEntry {
  requestId: string;
  method: string;
  /** The matched route pattern (`/sessions/:id`), or null when none matched. */
  route: string | null;
  path: string;
  status: number;
  ms: number;
  sessionId?: string;
  /** The key's name, never the key. */
  key?: string;
}

export type AccessLog = (entry: AccessEntry) => void;

interface BatchingDestination extends DestinationStream {
  append?: (line: string) => void;
}

const fast = new WeakMap<Logger, (line: string) => void>();
const BASE = Object.entries(LOG_BASE)
  .map(([k, v]) => `,${JSON.stringify(k)}:${JSON.stringify(v)}`)
  .join('');
const q = JSON.stringify;

/** Registers a logger whose lines go to `dest`: its access lines may skip the logger's own formatting. */
export function registerAccessDestination(logger: Logger, dest: BatchingDestination): void {
  fast.set(logger, dest.append ? (line) => dest.append!(line) : (line) => dest.write(line));
}

/**
 * The access log of `logger`: for a logger made by createLogger, a line formatted here (the same
 * JSON pino writes, at a fifth of the cost) into its destination's batch; for any other logger
 * (an embedder's), `logger.info`. Off when the logger's level is above info.
 */
export function accessLogFor(logger: Logger): AccessLog {
  const write = fast.get(logger);
  if (!write) {
    return (e) => {
      if (logger.isLevelEnabled('info')) logger.info({ ...e }, 'request');
    };
  }
  return (e) => {
    if (!logger.isLevelEnabled('info')) return;
    // Request ids, methods, route patterns and key names are tame by construction (validated or
    // ours): only the path and the session id are quoted.
    write(
      `{"level":30,"time":"${isoNow()}"${BASE},"requestId":"${e.requestId}","method":"${e.method}","route":${e.route === null ? 'null' : `"${e.route}"`},"path":${q(e.path)},"status":${e.status},"ms":${e.ms}${e.sessionId === undefined ? '' : `,"sessionId":${q(e.sessionId)}`}${e.key === undefined ? '' : `,"key":"${e.key}"`},"${LOG_MESSAGE_KEY}":"request"}\n`,
    );
  };
}

let lastMs = 0;
let lastIso = '';
// Many requests share a millisecond under load: the timestamp is formatted once per millisecond.
function isoNow(): string {
  const now = Date.now();
  if (now !== lastMs) {
    lastMs = now;
    lastIso = new Date(now).toISOString();
  }
  return lastIso;
}
