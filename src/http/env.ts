import type { Logger } from 'pino';

export interface AppEnv {
  Variables: {
    requestId: string;
    logger: Logger;
    sessionId?: string;
  };
}
