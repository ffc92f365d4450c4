import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/logging/logger.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { REPO_ROOT } from './cli-env.js';
import { ResponseValidator } from './openapi-validator.js';

export const FIXTURE_CLI = path.join(REPO_ROOT, 'tests', 'support', 'fixture-cli.mjs');

export interface TestServer extends RunningServer {
  root: string;
  config: Config;
  api: (p: string, init?: RequestInit & { json?: unknown }) => Promise<Response>;
  close: () => Promise<void>;
}

/** A server in this process on a free port, with its own temp workspace root. */
export async function startTestServer(
  env: Record<string, string> | ((root: string) => Record<string, string>) = {},
  opts: { logSink?: { write: (line: string) => void } } = {},
): Promise<TestServer> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'cca-test-'));
  const extra = typeof env === 'function' ? env(root) : env;
  const config = loadConfig({
    PATH: process.env.PATH,
    HOME: root,
    PORT: '0',
    HOST: '127.0.0.1',
    WORKSPACE_ROOT: path.join(root, 'workspaces'),
    CLAUDE_BIN: FIXTURE_CLI,
    // The fixture CLI's process tests read host pids from its files; sandboxed suites set SANDBOX themselves.
    SANDBOX: 'none',
    // No pre-started CLIs unless a test asks: each is a ~300 MiB process beside the suite's own.
    PREWARM_PROCESSES: '0',
    LOG_LEVEL: 'silent',
    KILL_GRACE_MS: '300',
    RESULT_EXIT_GRACE_MS: '300',
    ...extra,
  });
  const logger = opts.logSink ? createLogger('debug', opts.logSink) : createLogger(config.logLevel);
  const server = await startServer(config, logger);
  let validator: ResponseValidator | undefined;
  const api = async (p: string, init: RequestInit & { json?: unknown } = {}) => {
    const { json, ...rest } = init;
    const res = await fetch(server.url + p, {
      ...rest,
      ...(json !== undefined
        ? { method: rest.method ?? 'POST', body: JSON.stringify(json), headers: { 'content-type': 'application/json', ...rest.headers } }
        : {}),
    });
    // Every JSON answer must be what the document promises.
    if ((res.headers.get('content-type') ?? '').startsWith('application/json') && p.startsWith('/api/v1/')) {
      validator ??= new ResponseValidator(await (await fetch(`${server.url}/api/v1/openapi.json`)).json());
      const method = (rest.method ?? (json !== undefined ? 'POST' : 'GET')).toUpperCase();
      const apiPath = p.slice('/api/v1'.length).split('?')[0]!;
      const problems = validator.check(method, apiPath, res.status, await res.clone().json());
      if (problems.length) throw new Error(`response does not match the OpenAPI document:\n  ${problems.join('\n  ')}`);
    }
    return res;
  };
  return {
    ...server,
    root,
    config,
    api,
    close: async () => {
      await server.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}

export { isRunning } from './processes.js';

export async function waitFor<T>(fn: () => T | Promise<T>, timeoutMs = 5000, stepMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

export async function readPid(file: string): Promise<number> {
  return waitFor(async () => {
    try {
      const n = Number((await readFile(file, 'utf8')).trim());
      return n > 0 ? n : 0;
    } catch {
      return 0;
    }
  });
}

export interface SseMessage {
  event: string;
  id?: string;
  data: any;
}

/** Parses an SSE response incrementally: read some events, then the rest, from one reader. */
export class SseReader {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  private buf = '';
  private ended = false;
  readonly seen: SseMessage[] = [];

  constructor(res: Response) {
    this.reader = res.body!.getReader();
  }

  /** Reads until `stop` matches an event (returns it) or the stream ends (returns undefined). */
  async until(stop: (m: SseMessage) => boolean = () => false): Promise<SseMessage | undefined> {
    for (;;) {
      let sep: number;
      while ((sep = this.buf.indexOf('\n\n')) !== -1) {
        const block = this.buf.slice(0, sep);
        this.buf = this.buf.slice(sep + 2);
        const m = parseBlock(block);
        if (!m) continue;
        this.seen.push(m);
        if (stop(m)) return m;
      }
      if (this.ended) return undefined;
      const { value, done } = await this.reader.read();
      if (done) this.ended = true;
      else this.buf += this.decoder.decode(value, { stream: true });
    }
  }

  async rest(): Promise<SseMessage[]> {
    await this.until();
    return this.seen;
  }

  async cancel(): Promise<void> {
    await this.reader.cancel();
  }
}

function parseBlock(block: string): SseMessage | null {
  let event: string | undefined;
  let id: string | undefined;
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const i = line.indexOf(':');
    const k = line.slice(0, i);
    const v = line.slice(i + 1).replace(/^ /, '');
    if (k === 'event') event = v;
    else if (k === 'id') id = v;
    else if (k === 'data') data.push(v);
  }
  if (!event && data.length === 0) return null;
  return { event: event ?? 'message', id, data: data.length ? JSON.parse(data.join('\n')) : null };
}

/** Reads an SSE response to its end, or until `stopAfter` matches (then cancels it). */
export async function readSse(res: Response, stopAfter?: (m: SseMessage) => boolean): Promise<SseMessage[]> {
  const r = new SseReader(res);
  if (!stopAfter) return r.rest();
  const hit = await r.until(stopAfter);
  if (hit) await r.cancel();
  return r.seen;
}
