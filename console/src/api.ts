import { createClient, parseSse, type ApiClient, type Schemas, type SessionEvent } from '../../client/index.js';

// The console's one way to the service: the generated typed client, plus the few calls it cannot
// make (streams with Last-Event-ID, raw file bodies). Only the public API under /api/v1.

export type Session = Schemas['Session'];
export type FileEntry = Schemas['FileEntry'];
export type { SessionEvent };

const KEY_STORAGE = 'cca.apiKey';

/** Where the API lives, relative to the page: the route puts it in a meta tag. */
export function apiBase(): string {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="cca-api-base"]')?.content ?? '../api/v1';
  return new URL(meta, document.baseURI).href.replace(/\/+$/, '');
}

export const storedKey = (): string | null => sessionStorage.getItem(KEY_STORAGE);
export const storeKey = (key: string | null) => (key === null ? sessionStorage.removeItem(KEY_STORAGE) : sessionStorage.setItem(KEY_STORAGE, key));

/** An error body's message, or the status when the body is not ours. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function failure(status: number, body: unknown): ApiFailure {
  const err = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  if (err && typeof err.code === 'string') return new ApiFailure(status, err.code, `${err.code}: ${String(err.message ?? '')}`);
  return new ApiFailure(status, 'HTTP', `HTTP ${status}`);
}

export class Api {
  readonly client: ApiClient;
  readonly base = apiBase();
  constructor(readonly key: string | null) {
    this.client = createClient({ baseUrl: this.base, ...(key ? { apiKey: key } : {}) });
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { ...(this.key ? { 'x-api-key': this.key } : {}), ...extra };
  }

  /** A raw request under the API base (file bodies, archives, uploads). */
  async raw(pathAndQuery: string, init: RequestInit = {}): Promise<Response> {
    const res = await fetch(this.base + pathAndQuery, { ...init, headers: this.headers(init.headers as Record<string, string> | undefined) });
    if (!res.ok) throw failure(res.status, await res.json().catch(() => undefined));
    return res;
  }

  /** Answers the typed client's `{data, error, response}`: the data, or throws the error. */
  static ok<T>(r: { data?: T; error?: unknown; response: Response }): T {
    if (r.data === undefined) throw failure(r.response.status, r.error);
    return r.data;
  }

  /**
   * Follows a session's events: replays after `after`, then live ones; on a dropped connection it
   * reconnects with Last-Event-ID = the last id seen, so nothing is lost and nothing comes twice.
   */
  follow(sessionId: string, after: number, onEvent: (e: SessionEvent) => void, onState: (s: 'live' | 'reconnecting') => void): () => void {
    const ctl = new AbortController();
    let last = after;
    const run = async () => {
      let delay = 250;
      while (!ctl.signal.aborted) {
        try {
          const res = await fetch(`${this.base}/sessions/${encodeURIComponent(sessionId)}/events${last === 0 ? '?after=0' : ''}`, {
            headers: this.headers({ accept: 'text/event-stream', ...(last > 0 ? { 'last-event-id': String(last) } : {}) }),
            signal: ctl.signal,
          });
          if (res.status === 404) return;
          if (!res.ok || !res.body) throw failure(res.status, await res.json().catch(() => undefined));
          onState('live');
          delay = 250;
          for await (const m of parseSse(res.body)) {
            if (m.event === 'done') break;
            const e = JSON.parse(m.data) as SessionEvent;
            // A replay after a reconnect starts past `last`; the check keeps a duplicate out anyway.
            if (e.id <= last) continue;
            last = e.id;
            onEvent(e);
          }
        } catch {
          if (ctl.signal.aborted) return;
        }
        if (ctl.signal.aborted) return;
        onState('reconnecting');
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 5000);
      }
    };
    void run();
    return () => ctl.abort();
  }
}

/** Saves a response body as a file the browser downloads. */
export async function saveResponse(res: Response, name: string): Promise<void> {
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
