import type { Context } from 'hono';

interface NodeBindings {
  outgoing?: { headersSent?: boolean; setHeader?: (name: string, value: string) => unknown };
}

/**
 * Sets a response header for whatever response the request ends with. On @hono/node-server it
 * goes straight onto Node's ServerResponse, which merges it into the head it writes: Hono's
 * `c.header()` would make a fetch `Headers` object that the adapter then converts back, the
 * dearest part of a cheap request. Elsewhere (app.request() in tests, WebSocket upgrades, other
 * runtimes) it is `c.header()`.
 */
export function setResponseHeader(c: Context, name: string, value: string): void {
  const outgoing = (c.env as NodeBindings | undefined)?.outgoing;
  if (outgoing?.setHeader && !outgoing.headersSent) outgoing.setHeader(name, value);
  else c.header(name, value);
}
