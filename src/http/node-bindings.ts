import type { Context } from 'hono';
import type { IncomingHttpHeaders } from 'node:http';

// What @hono/node-server passes as `c.env`: Node's own request and response. Absent under
// app.request() (tests), on WebSocket upgrades' responses and on other runtimes.
interface NodeBindings {
  incoming?: { headers?: IncomingHttpHeaders; socket?: { remoteAddress?: string }; errored?: Error | null };
  outgoing?: {
    headersSent?: boolean;
    setHeader?: (name: string, value: string) => unknown;
    writableFinished?: boolean;
    destroyed?: boolean;
    once?: (event: 'close', fn: () => void) => unknown;
  };
}

const bindings = (c: Context) => c.env as NodeBindings | undefined;

/**
 * A request header, read from Node's parsed headers when there are any: `c.req.header()` makes
 * the adapter build a fetch `Headers` object for the request, which costs more than the rest of
 * a cheap request's middleware together. Repeated headers are joined with ", " either way.
 */
export function requestHeader(c: Context, name: string): string | undefined {
  const headers = bindings(c)?.incoming?.headers;
  if (!headers) return c.req.header(name);
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * Sets a response header for whatever response the request ends with: on Node's ServerResponse,
 * which merges it into the head it writes, when there is one (Hono's `c.header()` would make a
 * fetch `Headers` object that the adapter then converts back); else `c.header()`.
 */
export function setResponseHeader(c: Context, name: string, value: string): void {
  const outgoing = bindings(c)?.outgoing;
  if (outgoing?.setHeader && !outgoing.headersSent) outgoing.setHeader(name, value);
  else c.header(name, value);
}

/** The peer address of the request's socket (what getConnInfo reads), if there is a socket. */
export function socketAddress(c: Context): string | undefined {
  return bindings(c)?.incoming?.socket?.remoteAddress;
}

/**
 * Aborted when the client goes away before its response is complete, as the adapter's
 * `c.req.raw.signal` is, without making the adapter build a fetch Request (headers, body
 * stream) for a request whose body was read already.
 */
export function requestSignal(c: Context): AbortSignal {
  const { incoming, outgoing } = bindings(c) ?? {};
  if (!outgoing?.once) return c.req.raw.signal;
  const controller = new AbortController();
  const onClose = () => {
    if (incoming?.errored) controller.abort(String(incoming.errored));
    else if (!outgoing.writableFinished) controller.abort('Client connection prematurely closed.');
  };
  if (outgoing.destroyed) onClose();
  else outgoing.once('close', onClose);
  return controller.signal;
}
