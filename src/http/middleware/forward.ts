import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { UpgradeWebSocket } from 'hono/ws';
import WebSocket from 'ws';
import { z } from 'zod';
import { ApiError } from '../../errors.js';
import type { AppEnv } from '../env.js';
import { requestHeader } from '../node-bindings.js';
import { apiPath } from './paths.js';

/** Where a session's requests are answered, in shared mode (implemented by the cluster). */
export interface SessionRouter {
  readonly nodeId: string;
  /** The token replicas prove a forwarded request with. */
  readonly secret: string;
  locate(id: string): Promise<{ kind: 'local' } | { kind: 'remote'; nodeId: string; url: string }>;
}

const SESSION_PATH = /^\/sessions\/([0-9a-z]{20})(?:\/|$)/;
// Read from the shared log by whichever replica the client talks to (a reconnect anywhere resumes).
const READ_ANYWHERE = /^\/sessions\/[0-9a-z]{20}\/(?:events|messages)$/;
const SERVED_BY = 'x-cca-served-by';

/** The session a request acts on where the path is not ours (a compatible API's path or body); null: none. */
export type SessionTarget = (c: Context<AppEnv>) => string | null | Promise<string | null>;

async function targetOf(c: Context<AppEnv>, targets: readonly SessionTarget[]): Promise<string | null> {
  for (const target of targets) {
    const id = await target(c);
    if (id !== null) return id;
  }
  return null;
}
const FORWARD_SECRET = 'x-cca-forward-secret';
const FORWARD_CALLER = 'x-cca-forward-caller';
const FORWARDED_BY = 'x-cca-forwarded-by';
// Hop-by-hop, or recomputed by fetch for the next hop.
const DROP_REQUEST = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'content-length', FORWARD_SECRET, FORWARD_CALLER, FORWARDED_BY]);
const DROP_RESPONSE = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-encoding', 'content-length']);
const ForwardedCaller = z.object({ owner: z.string().min(1).max(200), admin: z.boolean() });

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/**
 * Before authentication: a request another replica forwarded carries its caller and the cluster's
 * secret; it is not authenticated or rate-limited a second time.
 */
export function acceptForwarded(router: SessionRouter): MiddlewareHandler<AppEnv> {
  return (c, next) => {
    const secret = requestHeader(c, FORWARD_SECRET);
    if (secret === undefined) return next();
    const caller = ForwardedCaller.safeParse(safeJson(Buffer.from(requestHeader(c, FORWARD_CALLER) ?? '', 'base64url').toString('utf8')));
    if (!sameSecret(secret, router.secret) || !caller.success) throw new ApiError('UNAUTHENTICATED', 'a forwarded request without a valid cluster token');
    c.set('caller', caller.data);
    c.set('forwarded', true);
    return next();
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * After authentication and rate limits: a request for a session another replica runs is sent on
 * to that replica, its reply (JSON, SSE, file bytes) streamed back as it comes. A forwarded
 * request is never forwarded again.
 */
export function forwardToOwner(router: SessionRouter, upgrade: UpgradeWebSocket, extra: readonly SessionTarget[] = []): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const path = apiPath(c);
    const m = SESSION_PATH.exec(path);
    // A compatible API's request names its session in its own path or body (not looked for once forwarded).
    const id = m ? m[1]! : c.get('forwarded') ? null : await targetOf(c, extra);
    if (id === null) return next();
    // Which replica answered a session's request (a forwarded reply carries the owner's).
    const here = () => {
      c.header(SERVED_BY, router.nodeId);
      return next();
    };
    if (c.get('forwarded')) return here();
    if (m && (c.req.method === 'GET' || c.req.method === 'HEAD') && READ_ANYWHERE.test(path)) return here();
    const where = await router.locate(id);
    if (where.kind === 'local') return here();
    const incoming = new URL(c.req.url);
    const target = new URL(incoming.pathname + incoming.search, where.url);
    const forwardHeaders: Record<string, string> = {
      [FORWARD_SECRET]: router.secret,
      [FORWARD_CALLER]: Buffer.from(JSON.stringify(c.get('caller'))).toString('base64url'),
      [FORWARDED_BY]: router.nodeId,
    };
    // A socket cannot be sent on through fetch: this replica accepts it and relays frames both ways.
    if (requestHeader(c, 'upgrade')?.toLowerCase() === 'websocket') return bridgeSocket(upgrade, target, forwardHeaders, where.nodeId)(c, next);
    const headers = new Headers();
    c.req.raw.headers.forEach((value, name) => {
      if (!DROP_REQUEST.has(name)) headers.set(name, value);
    });
    for (const [k, v] of Object.entries(forwardHeaders)) headers.set(k, v);
    const method = c.req.method;
    // A body a SessionTarget read to find the session is sent from Hono's cache.
    const body = method === 'GET' || method === 'HEAD' ? undefined : c.req.raw.bodyUsed ? await c.req.arrayBuffer() : c.req.raw.body;
    let res: Response;
    try {
      res = await fetch(target, { method, headers, body, redirect: 'manual', signal: c.req.raw.signal, ...(body ? { duplex: 'half' } : {}) } as RequestInit);
    } catch (err) {
      if (c.req.raw.signal.aborted) throw err;
      throw new ApiError('SESSION_UNAVAILABLE', `the replica running this session (${where.nodeId}) is not answering; another replica takes it over once its lease runs out`, {
        reason: 'owner_unreachable',
      });
    }
    const out = new Headers();
    res.headers.forEach((value, name) => {
      if (!DROP_RESPONSE.has(name)) out.append(name, value);
    });
    return new Response(res.body, { status: res.status, headers: out });
  };
}

// Close codes a peer may send (1005, 1006 and 1015 are only ever reported, never sent).
const sendable = (code: number) => (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
const MAX_PENDING_FRAMES = 100;

/** The client's WebSocket, relayed to the same route on the owner replica. */
function bridgeSocket(upgrade: UpgradeWebSocket, target: URL, headers: Record<string, string>, ownerId: string): MiddlewareHandler<AppEnv> {
  target.protocol = target.protocol === 'https:' ? 'wss:' : 'ws:';
  let upstream: WebSocket | null = null;
  const pending: string[] = [];
  return upgrade(() => ({
    onOpen: (_e, client) => {
      upstream = new WebSocket(target, 'claude-code-api', { headers });
      upstream.on('open', () => {
        for (const frame of pending.splice(0)) upstream!.send(frame);
      });
      upstream.on('message', (data) => client.send(data.toString()));
      upstream.on('close', (code, reason) => client.close(sendable(code) ? code : 1011, reason.toString()));
      upstream.on('error', () => client.close(1011, `the replica running this session (${ownerId}) is not answering`));
    },
    onMessage: (e, client) => {
      const frame = String(e.data);
      if (upstream?.readyState === WebSocket.OPEN) upstream.send(frame);
      else if (pending.length < MAX_PENDING_FRAMES) pending.push(frame);
      else client.close(1013, 'too many frames before the session was reached');
    },
    onClose: () => upstream?.close(),
    onError: () => upstream?.terminate(),
  }));
}
