import type { MiddlewareHandler } from 'hono';
import { nanoid } from 'nanoid';
import type { Logger } from 'pino';
import type { AppEnv } from '../env.js';
import { requestHeader, setResponseHeader, socketAddress } from '../node-bindings.js';

// A client's id is echoed only when it is tame: it lands in logs and headers.
const CLIENT_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * What every request carries from the start: its id (the client's X-Request-Id when tame, echoed),
 * the logger, the client's address (the socket's, or the first X-Forwarded-For hop behind a
 * trusted proxy), and the API's security header. One synchronous middleware, not four: each
 * layer of Hono's compose is an async frame on the path of every request, cheap ones included.
 */
export function requestContext(logger: Logger, trustProxy: boolean): MiddlewareHandler<AppEnv> {
  return (c, next) => {
    const given = requestHeader(c, 'x-request-id');
    const id = given && CLIENT_ID.test(given) ? given : `req_${nanoid(16)}`;
    c.set('requestId', id);
    c.set('logger', logger);
    setResponseHeader(c, 'X-Request-Id', id);
    let ip: string | undefined;
    if (trustProxy) ip = requestHeader(c, 'x-forwarded-for')?.split(',')[0]?.trim();
    ip ||= socketAddress(c);
    c.set('clientIp', (ip || 'unknown').slice(0, 64));
    // A JSON API's security header (OWASP REST cheat sheet): nothing may sniff a reply into HTML.
    // Browser-page headers (frame options, CSP, cross-origin policies) go on the /docs page.
    setResponseHeader(c, 'X-Content-Type-Options', 'nosniff');
    return next();
  };
}
