import type { Logger } from 'pino';
import type { Caller } from '../auth/caller.js';

export interface AppEnv {
  Variables: {
    requestId: string;
    logger: Logger;
    sessionId?: string;
    caller: Caller;
    clientIp: string;
  };
}
