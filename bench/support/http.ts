/**
 * A lean JSON client over node:http with one keep-alive connection, so the client's own
 * cost inside a timed request stays small (no fetch/undici machinery per call).
 */
import http from 'node:http';

export interface JsonReply<T = unknown> {
  status: number;
  body: T;
}

export class JsonClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

  constructor(private readonly base: string) {}

  request<T = unknown>(method: string, path: string, json?: unknown, timeoutMs = 120_000): Promise<JsonReply<T>> {
    const url = new URL(this.base + path);
    const payload = json === undefined ? undefined : Buffer.from(JSON.stringify(json));
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          method,
          host: url.hostname,
          port: url.port,
          path: url.pathname + url.search,
          agent: this.agent,
          headers: payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {},
          timeout: timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            try {
              resolve({ status: res.statusCode ?? 0, body: (text ? JSON.parse(text) : null) as T });
            } catch (err) {
              reject(new Error(`${method} ${path}: reply is not JSON (${res.statusCode}): ${text.slice(0, 500)}`, { cause: err }));
            }
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no reply within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  get<T = unknown>(path: string): Promise<JsonReply<T>> {
    return this.request<T>('GET', path);
  }

  post<T = unknown>(path: string, json: unknown): Promise<JsonReply<T>> {
    return this.request<T>('POST', path, json);
  }

  delete<T = unknown>(path: string): Promise<JsonReply<T>> {
    return this.request<T>('DELETE', path);
  }

  close(): void {
    this.agent.destroy();
  }
}
