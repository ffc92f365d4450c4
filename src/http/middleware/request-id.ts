import type { MiddlewareHandler } from 'hono';
import { nanoid } from 'nanoid';
import type { Logger } from 'pino';
import type { AppEnv } from '../env.js';

// A client's id is echoed only when it is tame: it lands in logs and headers.
const CLIENT_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestId(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const given = c.req.header('x-request-id');
    const id = given && CLIENT_ID.test(given) ? given : `req_${nanoid(16)}`;
    c.set('requestId', id);
    c.set('logger', logger.child({ requestId: id }));
    c.header('X-Request-Id', id);
    await next();
  };
}
