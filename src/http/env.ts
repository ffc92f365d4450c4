import type { Logger } from 'pino';
import type { Caller } from '../auth/caller.js';

/** Counts open event streams (metrics); set per request by the metrics middleware, when there is one. */
export interface StreamCounter {
  opened(transport: 'sse' | 'ws'): void;
  closed(transport: 'sse' | 'ws'): void;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    logger: Logger;
    sessionId?: string;
    caller: Caller;
    clientIp: string;
    /** apiPath(c), once asked. */
    apiPath?: string;
    streams?: StreamCounter;
    /** Shared mode: the request came from another replica, which authenticated and counted it. */
    forwarded?: boolean;
  };
}
