import type { Context } from 'hono';
import type { IncomingHttpHeaders } from 'node:http';

interface NodeBindings {
  incoming?: { headers?: IncomingHttpHeaders };
}

/**
 * A request header, read from Node's own parsed headers when the app runs on @hono/node-server:
 * `c.req.header()` makes the adapter build a fetch `Headers` object for the request, which costs
 * more than the rest of a cheap request's middleware together. Elsewhere (app.request() in tests,
 * other runtimes) it is `c.req.header()`. Repeated headers are joined with ", " either way.
 */
export function requestHeader(c: Context, name: string): string | undefined {
  const headers = (c.env as NodeBindings | undefined)?.incoming?.headers;
  if (!headers) return c.req.header(name);
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
