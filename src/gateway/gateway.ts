import { lookup } from 'node:dns/promises';
import { rm } from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import net, { type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { mergeBeta, NO_CREDENTIAL, type CredentialHeaders, type CredentialSource } from './credentials.js';
import { domainAllowed, isForbiddenAddress } from './egress-policy.js';
import { GatewayTokens } from './tokens.js';
import { UsageTap, type RequestUsage } from './usage-tap.js';

export interface GatewayDeps {
  /** The real Anthropic endpoint (the server's ANTHROPIC_BASE_URL). */
  upstream: string;
  credential: CredentialSource;
  customHeaders: Record<string, string>;
  logger: Logger;
  /** Told the usage of every model response that reported one. */
  onUsage: (sessionId: string, usage: RequestUsage) => void;
  /** Asked before a model request is forwarded: a reason to refuse it (spend cap reached), or null. */
  admit: (sessionId: string) => string | null;
  /**
   * Asked when a streamed reply starts, with its input usage: true cuts the reply before any
   * content (a tool call) reaches the CLI, because the spend cap is already passed.
   */
  overBudget: (sessionId: string, usage: RequestUsage) => boolean;
  /** Domains the session may reach through the egress proxy. */
  egressAllowFor: (sessionId: string) => readonly string[];
  /** Names pinned to an address by the operator (reachable even on loopback). */
  egressHosts: Record<string, string>;
  /** Refuse model requests when there is no credential (the upstream is Anthropic's API). */
  needsCredential: boolean;
  /** Told when a model request of a session was refused for want of any credential. */
  onNoCredential: (sessionId: string) => void;
}

// Only the Messages API the CLI uses: a token is no key to the rest of the operator's account.
const MODEL_PATH = /^\/v1\/(messages(\/count_tokens)?|models(\/[A-Za-z0-9._-]+)?)$/;
const HOP_BY_HOP = new Set([
  'connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host',
]);

interface SocketEntry {
  server: net.Server;
  refs: number;
  path: string;
  /** Set when the last opener released it: settles once it is closed and its file removed. */
  closed: Promise<void> | null;
}

/**
 * The CLIs' Anthropic endpoint. Each session reaches it through its own Unix socket (bridged
 * into the sandbox) or, unsandboxed, on a loopback port; a per-session token stands in for the
 * operator's credential, swapped in here. Bodies stream through both ways, never buffered.
 * Requests in proxy form (CONNECT, absolute URLs) on a session's socket are its egress proxy.
 */
export class Gateway {
  readonly tokens = new GatewayTokens();
  private readonly http: http.Server;
  private readonly socketSession = new WeakMap<Socket, string>();
  private readonly sockets = new Map<string, SocketEntry>();
  private readonly opening = new Map<string, Promise<void>>();
  private readonly upstream: URL;
  private loopback: { server: net.Server; url: string } | null = null;
  private readonly open = new Set<Duplex>();

  constructor(private readonly deps: GatewayDeps) {
    this.upstream = new URL(deps.upstream);
    this.http = this.makeServer();
  }

  /**
   * Serves one session on a Unix socket until every opener has released it. The socket is
   * removed on release; the session's token stays valid until `revoke`.
   */
  async openSocket(sessionId: string, socketPath: string): Promise<() => Promise<void>> {
    for (;;) {
      const current = this.sockets.get(sessionId);
      if (current && !current.closed) return this.hold(sessionId, current);
      // Being released (the session's last CLI just ended): the next listens once the old
      // socket file is gone, or the old release would remove the new one's file.
      if (current?.closed) await current.closed;
      else await (this.opening.get(sessionId) ?? this.listenFor(sessionId, socketPath));
    }
  }

  // One listener at a time per session, whoever asks meanwhile waits for it.
  private listenFor(sessionId: string, socketPath: string): Promise<void> {
    const listening = (async () => {
      await rm(socketPath, { force: true });
      const server = net.createServer((socket) => {
        this.socketSession.set(socket, sessionId);
        this.accept(socket);
      });
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(socketPath, () => {
          server.off('error', reject);
          resolve();
        });
      });
      this.sockets.set(sessionId, { server, refs: 0, path: socketPath, closed: null });
    })().finally(() => this.opening.delete(sessionId));
    this.opening.set(sessionId, listening);
    return listening;
  }

  private hold(sessionId: string, e: SocketEntry): () => Promise<void> {
    e.refs++;
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      if (--e.refs > 0) return;
      // Settles once the listener is closed, its file removed and the entry gone: what openSocket waits for.
      e.closed = (async () => {
        await new Promise<void>((resolve) => e.server.close(() => resolve()));
        await rm(e.path, { force: true });
        if (this.sockets.get(sessionId) === e) this.sockets.delete(sessionId);
      })();
      for (const s of this.open) if (s instanceof net.Socket && this.socketSession.get(s) === sessionId) s.destroy();
      await e.closed;
    };
  }

  /** A loopback port for unsandboxed CLIs (the token alone identifies the session). */
  async listenLoopback(): Promise<string> {
    if (this.loopback) return this.loopback.url;
    const server = net.createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    this.loopback = { server, url: `http://127.0.0.1:${port}` };
    return this.loopback.url;
  }

  /** The session is gone: its token stops working at once. */
  revoke(sessionId: string): void {
    this.tokens.revoke(sessionId);
  }

  // Every connection is tracked, so that closing a listener does not wait on a keep-alive client.
  private accept(socket: Socket): void {
    this.open.add(socket);
    socket.once('close', () => this.open.delete(socket));
    this.http.emit('connection', socket);
  }

  async close(): Promise<void> {
    for (const s of this.open) s.destroy();
    await Promise.all([...this.sockets.values()].map((e) => new Promise<void>((r) => e.server.close(() => r()))));
    for (const e of this.sockets.values()) await rm(e.path, { force: true });
    this.sockets.clear();
    if (this.loopback) await new Promise<void>((r) => this.loopback!.server.close(() => r()));
    this.http.closeAllConnections();
  }

  private makeServer(): http.Server {
    const server = http.createServer((req, res) => this.onRequest(req, res));
    server.on('connect', (req: IncomingMessage, socket: Duplex, head: Buffer) => void this.onConnect(req, socket, head));
    server.on('clientError', (_err, socket) => socket.destroy());
    server.keepAliveTimeout = 30_000;
    return server;
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const viaSocket = this.socketSession.get(req.socket);
    const url = req.url ?? '/';
    if (/^https?:\/\//i.test(url)) {
      if (viaSocket === undefined) return deny(res, 403, 'permission_error', 'this endpoint is not a proxy');
      return void this.forwardProxied(viaSocket, url, req, res);
    }
    const presented = (req.headers['x-api-key'] as string | undefined) ?? bearer(req.headers.authorization);
    const sessionId = this.tokens.sessionOf(presented);
    // On a session's own socket only that session's token counts.
    if (sessionId === null || (viaSocket !== undefined && viaSocket !== sessionId)) {
      return deny(res, 401, 'authentication_error', 'invalid gateway token');
    }
    const pathname = url.split('?')[0]!;
    if (!MODEL_PATH.test(pathname)) return deny(res, 403, 'permission_error', `the gateway does not forward ${pathname}`);
    // Read once per request (a host login is a stat of its file).
    const credential = this.deps.credential.headers();
    if (this.deps.needsCredential && credential === null) {
      this.deps.onNoCredential(sessionId);
      return deny(res, 401, 'authentication_error', NO_CREDENTIAL);
    }
    if (req.method === 'POST' && pathname === '/v1/messages') {
      const refusal = this.deps.admit(sessionId);
      if (refusal) return deny(res, 400, 'invalid_request_error', refusal);
    }
    this.forwardUpstream(sessionId, url, pathname, credential, req, res);
  }

  private forwardUpstream(sessionId: string, url: string, pathname: string, credential: CredentialHeaders | null, req: IncomingMessage, res: ServerResponse): void {
    const target = new URL(this.upstream.pathname.replace(/\/$/, '') + url, this.upstream);
    const headers = forwardHeaders(req.headers);
    for (const [k, v] of Object.entries(this.deps.customHeaders)) headers[k] = v;
    if (credential) {
      for (const [k, v] of Object.entries(credential)) {
        headers[k] = k === 'anthropic-beta' ? mergeBeta(headers[k] as string | undefined, v)! : v;
      }
    }
    const client = target.protocol === 'https:' ? https : http;
    const upstreamReq = client.request(target, { method: req.method, headers }, (upstreamRes) => {
      const type = String(upstreamRes.headers['content-type'] ?? '');
      const tap =
        pathname === '/v1/messages' && (upstreamRes.statusCode ?? 500) < 300
          ? new UsageTap(type.includes('text/event-stream') ? 'sse' : 'json', (started) => {
              if (!this.deps.overBudget(sessionId, started)) return;
              this.deps.logger.info({ sessionId }, 'gateway: reply cut at its start: the spend cap is passed');
              upstreamRes.destroy();
              res.destroy();
            })
          : null;
      res.writeHead(upstreamRes.statusCode ?? 502, responseHeaders(upstreamRes.headers));
      if (tap) upstreamRes.on('data', (chunk: Buffer) => tap.push(chunk));
      upstreamRes.on('end', () => {
        const usage = tap?.end();
        if (usage) this.deps.onUsage(sessionId, usage);
      });
      upstreamRes.on('error', () => res.destroy());
      upstreamRes.pipe(res);
    });
    upstreamReq.on('error', (err) => {
      this.deps.logger.warn({ sessionId, err: err.message, upstream: this.upstream.origin }, 'gateway: upstream request failed');
      if (!res.headersSent) deny(res, 502, 'api_error', `gateway: the Anthropic API could not be reached (${(err as NodeJS.ErrnoException).code ?? err.message})`);
      else res.destroy();
    });
    // A CLI that goes away (turn cancelled) ends its upstream request too.
    res.on('close', () => {
      if (!res.writableFinished) upstreamReq.destroy();
    });
    req.pipe(upstreamReq);
  }

  // Plain-HTTP proxy requests (`GET http://host/path`) from a sandbox.
  private async forwardProxied(sessionId: string, url: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return deny(res, 400, 'invalid_request_error', 'bad proxy URL');
    }
    if (target.protocol !== 'http:') return deny(res, 400, 'invalid_request_error', 'use CONNECT for https');
    const address = await this.egressAddress(sessionId, target.hostname);
    if (typeof address !== 'string') return void res.writeHead(403, { 'content-type': 'text/plain' }).end(address.denied + '\n');
    const upstreamReq = http.request(
      { host: address, port: Number(target.port || 80), method: req.method, path: target.pathname + target.search, headers: { ...forwardHeaders(req.headers), host: target.host } },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, responseHeaders(upstreamRes.headers));
        upstreamRes.pipe(res);
      },
    );
    upstreamReq.on('error', () => (res.headersSent ? res.destroy() : res.writeHead(502).end()));
    res.on('close', () => upstreamReq.destroy());
    req.pipe(upstreamReq);
  }

  private async onConnect(req: IncomingMessage, client: Duplex, head: Buffer): Promise<void> {
    client.on('error', () => client.destroy());
    const sessionId = this.socketSession.get(req.socket);
    const m = /^(\[[0-9a-fA-F:]+\]|[^:]+):(\d{1,5})$/.exec(req.url ?? '');
    if (sessionId === undefined || !m) return void client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    const host = m[1]!.replace(/^\[|\]$/g, '');
    const port = Number(m[2]);
    const address = await this.egressAddress(sessionId, host);
    if (typeof address !== 'string') {
      return void client.end(`HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\n\r\n${address.denied}\n`);
    }
    const upstream = net.connect(port, address);
    this.open.add(upstream); // the client side is tracked already, as the connection it came on
    upstream.once('connect', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    const done = () => {
      upstream.destroy();
      client.destroy();
      this.open.delete(upstream);
    };
    upstream.on('error', () => {
      if (!client.destroyed) client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
      done();
    });
    upstream.on('close', done);
    client.on('close', done);
  }

  // The address to connect to, or why not: the name must be allowed for the session, and must not
  // resolve to this host or a link-local address unless the operator pinned it.
  private async egressAddress(sessionId: string, host: string): Promise<string | { denied: string }> {
    const name = host.toLowerCase();
    if (!domainAllowed(name, this.deps.egressAllowFor(sessionId))) {
      this.deps.logger.info({ sessionId, host: name }, 'sandbox egress denied');
      return { denied: `blocked by the sandbox network policy: ${name} is not an allowed domain` };
    }
    const pinned = this.deps.egressHosts[name];
    if (pinned) return pinned;
    try {
      const { address } = await lookup(name);
      if (isForbiddenAddress(address)) return { denied: `blocked by the sandbox network policy: ${name} resolves to ${address}` };
      return address;
    } catch {
      return { denied: `${name} could not be resolved` };
    }
  }
}

function bearer(header: string | undefined): string | undefined {
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

function forwardHeaders(h: http.IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined || HOP_BY_HOP.has(k) || k === 'x-api-key' || k === 'authorization') continue;
    out[k] = v;
  }
  return out;
}

function responseHeaders(h: http.IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v;
  return out;
}

// Errors in the Anthropic API's own shape, so the CLI reports them as it would the real API's.
function deny(res: ServerResponse, status: number, type: string, message: string): void {
  const body = JSON.stringify({ type: 'error', error: { type, message } });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
}
