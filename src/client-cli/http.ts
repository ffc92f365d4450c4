// The server's HTTP API as the client sees it: JSON in, JSON out, `{error:{code,...}}` as an exception.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | null,
  ) {
    super(message);
  }
}

/** The server could not be reached at all (refused, DNS, reset). */
export class ConnectError extends Error {}

type Query = Record<string, string | number | boolean | undefined>;

export interface RequestOptions {
  query?: Query;
  json?: unknown;
  body?: RequestInit['body'];
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export class Api {
  readonly base: string;

  constructor(
    url: string,
    private readonly apiKey: string | undefined,
  ) {
    const u = new URL(url);
    // A bare server URL gets the versioned prefix; a URL with a path is an embedder's mount point.
    this.base = u.pathname === '/' || u.pathname === '' ? `${u.origin}/api/v1` : url.replace(/\/+$/, '');
  }

  url(path: string, query: Query = {}): string {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) qs.set(k, String(v));
    const s = qs.toString();
    return `${this.base}${path}${s ? `?${s}` : ''}`;
  }

  /** The raw response of a successful request; an error status becomes ApiError. */
  async fetch(method: string, path: string, o: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { ...o.headers };
    if (this.apiKey) headers['x-api-key'] = this.apiKey;
    let body = o.body;
    if (o.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(o.json);
    }
    let res: Response;
    try {
      res = await fetch(this.url(path, o.query), { method, headers, body, signal: o.signal, ...(body ? { duplex: 'half' } : {}) } as RequestInit);
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new ConnectError(`cannot reach ${this.base}: ${cause?.code ?? cause?.message ?? (err as Error).message}`);
    }
    if (!res.ok) throw await toApiError(res);
    return res;
  }

  async json<T = any>(method: string, path: string, o: RequestOptions = {}): Promise<T> {
    return (await (await this.fetch(method, path, o)).json()) as T;
  }
}

async function toApiError(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  try {
    const { error } = JSON.parse(text) as { error: { code: string; message: string; requestId?: string | null } };
    return new ApiError(res.status, error.code, error.message, error.requestId ?? null);
  } catch {
    // Not this API (a proxy's error page, another service on the port).
    return new ApiError(res.status, `HTTP_${res.status}`, text.slice(0, 200) || res.statusText, null);
  }
}
