/**
 * A scripted fake of the Anthropic Messages API, for end-to-end tests that run
 * the real `claude` CLI (point it here with ANTHROPIC_BASE_URL; see cli-env.ts).
 *
 * Behaviour is chosen by a directive: the first word of the prompt text of the
 * latest `role:"user"` message (text blocks starting with `<`, i.e. CLI-injected
 * <system-reminder>/<command-...> blocks, are ignored):
 *
 *   (none)                 text `echo: <prompt>`
 *   RECALL                 text `recall: <p1> | <p2> | ...` (earlier user prompts)
 *   WRITE <rel> <content>  tool_use Write {file_path: <cwd>/<rel>, content}, then `wrote <rel>`
 *   BASH <command...>      tool_use Bash {command, description:"run"}, then `bash: <tool output>`
 *   SLOW <n> <ms>          n deltas `tick<i> `, ms apart
 *   WAIT <ms>              nothing for ms (a model thinking), then text `waited <ms> ms`
 *   DELTAS <n>             n deltas `d<i> `, as fast as possible
 *   ERROR <status>         HTTP <status> (non-4xx becomes 400) with an Anthropic error body
 *                          and `x-should-retry: false`
 *   HANG                   never answer (socket kept open until close())
 *   COST                   like default, usage input 1000 / output 500
 *
 * When the latest user message holds a tool_result, the reply is the post-tool step
 * of the directive in the latest earlier user text; a tool_result with is_error
 * gets `tool error: <text>` instead. WRITE/BASH in a request whose `tools` lack
 * Write/Bash fall back to the echo reply. count_tokens → {input_tokens}, HEAD/GET
 * and unknown paths → 200. Findings about the CLI: tests/fixtures/real-cli/NOTES.md.
 *
 * Only node:http is used.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
  at: number;
  headers: Record<string, string | string[] | undefined>;
}

export interface FakeAnthropic {
  url: string;
  port: number;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------
// Message helpers

type Block = { type?: string; text?: string; content?: unknown; is_error?: boolean; [k: string]: unknown };
type Msg = { role?: string; content?: string | Block[] };

interface MessagesBody {
  model?: string;
  stream?: boolean;
  system?: string | Block[];
  messages?: Msg[];
  tools?: Array<{ name?: string }>;
}

function blocksOf(msg: Msg | undefined): Block[] {
  if (!msg) return [];
  if (typeof msg.content === 'string') return [{ type: 'text', text: msg.content }];
  return Array.isArray(msg.content) ? msg.content : [];
}

/** The user's own prompt text of a message: text blocks not injected by the CLI (those start with `<`). */
/**
 * The user's own prompts in a message: text blocks the CLI did not inject (those start with `<`
 * or are bracketed notes such as `[Request interrupted by user]`). A live CLI may merge several
 * prompts into one message (after a failed or interrupted turn): each block is one prompt.
 */
function promptTexts(msg: Msg | undefined): string[] {
  return blocksOf(msg)
    .filter((b) => b.type === 'text' && typeof b.text === 'string' && !/^\s*(<|\[Request interrupted)/.test(b.text))
    .map((b) => b.text as string);
}

/** The newest prompt of a message: its last text block. */
function promptText(msg: Msg | undefined): string | undefined {
  return promptTexts(msg).at(-1);
}

function toolResultOf(msg: Msg | undefined): Block | undefined {
  return blocksOf(msg).find((b) => b.type === 'tool_result');
}

function stringifyToolContent(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((b: Block) => (b && b.type === 'text' && typeof b.text === 'string' ? b.text : JSON.stringify(b)))
      .join('');
  }
  return content === undefined ? '' : JSON.stringify(content);
}

function systemText(system: MessagesBody['system']): string {
  if (typeof system === 'string') return system;
  if (Array.isArray(system)) return system.map((b) => (typeof b.text === 'string' ? b.text : '')).join('\n');
  return '';
}

function cwdOf(body: MessagesBody): string | undefined {
  const m = /Primary working directory:\s*(.+)/.exec(systemText(body.system));
  return m ? m[1]!.trim() : undefined;
}

function hasTool(body: MessagesBody, name: string): boolean {
  return Array.isArray(body.tools) && body.tools.some((t) => t && t.name === name);
}

// ---------------------------------------------------------------------------
// Planning a reply

type Reply =
  | {
      kind: 'message';
      /** text deltas; empty when the reply is a tool_use */
      deltas: string[];
      delayMs?: number;
      /** Before the response starts (time to first byte). */
      waitMs?: number;
      tool?: { name: string; input: Record<string, unknown> };
      inputTokens?: number;
      outputTokens?: number;
    }
  | { kind: 'error'; status: number }
  | { kind: 'hang' };

function chunkWords(text: string): string[] {
  const parts = text.match(/\S+\s*|\s+/g);
  return parts && parts.length ? parts : [text];
}

function textReply(text: string, extra: Partial<Extract<Reply, { kind: 'message' }>> = {}): Reply {
  return { kind: 'message', deltas: chunkWords(text), ...extra };
}

/** Split `DIRECTIVE rest`: rest loses exactly one separator character. */
function afterWord(text: string, word: string): string {
  const rest = text.slice(word.length);
  return /^[ \t\r\n]/.test(rest) ? rest.slice(rest.startsWith('\r\n') ? 2 : 1) : rest;
}

function planReply(body: MessagesBody): Reply {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  let lastUserIdx = -1;
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i]?.role === 'user') {
      lastUserIdx = i;
      break;
    }
  }
  if (lastUserIdx < 0) return textReply('echo: ');
  const last = messages[lastUserIdx];

  // Post-tool step: the latest user message carries a tool_result.
  const toolResult = toolResultOf(last);
  if (toolResult) {
    let prompt: string | undefined;
    for (let i = lastUserIdx - 1; i >= 0 && prompt === undefined; i--) {
      if (messages[i]?.role === 'user' && !toolResultOf(messages[i])) prompt = promptText(messages[i]);
    }
    const output = stringifyToolContent(toolResult.content);
    if (toolResult.is_error) return textReply(`tool error: ${output}`);
    const p = prompt ?? '';
    if (p.split(/\s/)[0] === 'WRITE') {
      const rel = afterWord(p, 'WRITE').split(/\s/)[0] ?? '';
      return textReply(`wrote ${rel}`);
    }
    if (p.split(/\s/)[0] === 'BASH') return textReply(`bash: ${output}`);
    return textReply(`tool done: ${output}`);
  }

  const prompt = promptText(last) ?? '';
  const word = prompt.split(/\s/)[0] ?? '';
  const args = afterWord(prompt, word);

  switch (word) {
    case 'RECALL': {
      const earlier: string[] = [];
      for (let i = 0; i <= lastUserIdx; i++) {
        if (messages[i]?.role !== 'user' || toolResultOf(messages[i])) continue;
        earlier.push(...promptTexts(messages[i]));
      }
      earlier.pop(); // RECALL itself
      return textReply(`recall: ${earlier.join(' | ')}`);
    }
    case 'WRITE': {
      const m = /^(\S+)(?:[ \t]|\r?\n)?([\s\S]*)$/.exec(args);
      const rel = m?.[1] ?? 'out.txt';
      const content = m?.[2] ?? '';
      if (!hasTool(body, 'Write')) break;
      const cwd = cwdOf(body) ?? process.cwd();
      const filePath = rel.startsWith('/') ? rel : `${cwd.replace(/\/+$/, '')}/${rel}`;
      return { kind: 'message', deltas: [], tool: { name: 'Write', input: { file_path: filePath, content } } };
    }
    case 'BASH': {
      if (!hasTool(body, 'Bash')) break;
      return { kind: 'message', deltas: [], tool: { name: 'Bash', input: { command: args, description: 'run' } } };
    }
    case 'SLOW': {
      const [n, ms] = args.trim().split(/\s+/).map((x) => Number.parseInt(x, 10));
      const count = n !== undefined && Number.isFinite(n) && n > 0 ? n : 1;
      return {
        kind: 'message',
        deltas: Array.from({ length: count }, (_, i) => `tick${i} `),
        delayMs: ms !== undefined && Number.isFinite(ms) && ms >= 0 ? ms : 100,
      };
    }
    case 'WAIT': {
      const n = Number.parseInt(args.trim(), 10);
      const waitMs = Number.isFinite(n) && n >= 0 ? Math.min(n, 600_000) : 1_000;
      return textReply(`waited ${waitMs} ms`, { waitMs });
    }
    case 'DELTAS': {
      const n = Number.parseInt(args.trim(), 10);
      const count = n !== undefined && Number.isFinite(n) && n > 0 ? n : 1;
      return { kind: 'message', deltas: Array.from({ length: count }, (_, i) => `d${i} `) };
    }
    case 'ERROR': {
      const status = Number.parseInt(args.trim(), 10);
      // 5xx/529 make the CLI retry for minutes: anything outside 4xx becomes 400. The error
      // response carries `x-should-retry: false`, which the CLI honours even for 408/409/429.
      const ok = Number.isFinite(status) && status >= 400 && status < 500;
      return { kind: 'error', status: ok ? status : 400 };
    }
    case 'HANG':
      return { kind: 'hang' };
    case 'COST':
      return textReply(`echo: ${prompt}`, { inputTokens: 1000, outputTokens: 500 });
  }
  return textReply(`echo: ${prompt}`);
}

// ---------------------------------------------------------------------------
// Server

export function startFakeAnthropic(opts: { host?: string } = {}): Promise<FakeAnthropic> {
  const host = opts.host ?? '127.0.0.1';
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let msgCounter = 0;
  let toolCounter = 0;
  let closed = false;

  const sendJson = (res: http.ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}) => {
    const data = JSON.stringify(payload);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(data),
      'request-id': `req_fake_${requests.length}`,
      ...headers,
    });
    res.end(data);
  };

  const handleMessages = (res: http.ServerResponse, body: MessagesBody) => {
    const reply = planReply(body);
    const waitMs = reply.kind === 'message' ? (reply.waitMs ?? 0) : 0;
    if (waitMs <= 0) return answer(res, body, reply);
    const t = setTimeout(() => {
      timers.delete(t);
      if (!closed && !res.destroyed) answer(res, body, reply);
    }, waitMs);
    timers.add(t);
  };

  const answer = (res: http.ServerResponse, body: MessagesBody, reply: Reply) => {
    if (reply.kind === 'hang') return; // leave it open; close() destroys the socket
    if (reply.kind === 'error') {
      sendJson(
        res,
        reply.status,
        { type: 'error', error: { type: 'invalid_request_error', message: `scripted error ${reply.status}` } },
        { 'x-should-retry': 'false' },
      );
      return;
    }

    const id = `msg_${++msgCounter}`;
    const model = typeof body.model === 'string' ? body.model : 'claude-fake';
    const inputTokens = reply.inputTokens ?? 10;
    const outputTokens = reply.outputTokens ?? Math.max(1, reply.deltas.length);
    const stopReason = reply.tool ? 'tool_use' : 'end_turn';
    const toolId = reply.tool ? `toolu_fake_${++toolCounter}` : undefined;
    const usage = { input_tokens: inputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };

    if (!body.stream) {
      const content = reply.tool
        ? [{ type: 'tool_use', id: toolId, name: reply.tool.name, input: reply.tool.input }]
        : [{ type: 'text', text: reply.deltas.join('') }];
      sendJson(res, 200, {
        id,
        type: 'message',
        role: 'assistant',
        model,
        content,
        stop_reason: stopReason,
        stop_sequence: null,
        usage: { ...usage, output_tokens: outputTokens },
      });
      return;
    }

    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'request-id': `req_fake_${requests.length}`,
    });
    let gone = false;
    res.on('close', () => {
      gone = true;
    });
    const send = (event: string, data: Record<string, unknown>) => {
      if (gone || res.destroyed || res.writableEnded) return false;
      res.write(`event: ${event}\ndata: ${JSON.stringify({ type: event, ...data })}\n\n`);
      return true;
    };

    send('message_start', {
      message: {
        id,
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...usage, output_tokens: 1 },
      },
    });

    const finish = () => {
      send('content_block_stop', { index: 0 });
      send('message_delta', {
        delta: { stop_reason: stopReason, stop_sequence: null },
        usage: { output_tokens: outputTokens },
      });
      send('message_stop', {});
      if (!gone && !res.writableEnded) res.end();
    };

    if (reply.tool) {
      send('content_block_start', { index: 0, content_block: { type: 'tool_use', id: toolId, name: reply.tool.name, input: {} } });
      const json = JSON.stringify(reply.tool.input);
      // Split the JSON into a few pieces, as the real API streams partial JSON.
      const step = Math.max(1, Math.ceil(json.length / 3));
      for (let i = 0; i < json.length; i += step) {
        send('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: json.slice(i, i + step) } });
      }
      finish();
      return;
    }

    send('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
    const delta = (text: string) => send('content_block_delta', { index: 0, delta: { type: 'text_delta', text } });
    const delayMs = reply.delayMs ?? 0;
    if (delayMs <= 0) {
      for (const d of reply.deltas) delta(d);
      finish();
      return;
    }
    let i = 0;
    const tick = () => {
      if (gone || closed) return;
      delta(reply.deltas[i++] ?? "");
      if (i >= reply.deltas.length) return finish();
      const t = setTimeout(() => {
        timers.delete(t);
        tick();
      }, delayMs);
      timers.add(t);
    };
    tick();
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', () => {});
    res.on('error', () => {});
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = undefined;
      if (raw.length) {
        try {
          body = JSON.parse(raw);
        } catch {
          body = raw;
        }
      }
      const method = req.method ?? 'GET';
      const path = req.url ?? '/';
      requests.push({ method, path, body, at: Date.now(), headers: { ...req.headers } });
      const pathname = path.split('?')[0];

      try {
        if (method === 'HEAD') {
          res.writeHead(200);
          res.end();
        } else if (method === 'POST' && pathname === '/v1/messages/count_tokens') {
          const n = Math.max(1, Math.ceil(raw.length / 4));
          sendJson(res, 200, { input_tokens: n });
        } else if (method === 'POST' && pathname === '/v1/messages') {
          handleMessages(res, (body && typeof body === 'object' ? body : {}) as MessagesBody);
        } else {
          sendJson(res, 200, {});
        }
      } catch (err) {
        if (!res.headersSent) {
          sendJson(res, 400, {
            type: 'error',
            error: { type: 'invalid_request_error', message: `fake-anthropic failure: ${String(err)}` },
          });
        } else {
          res.destroy();
        }
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('clientError', (_err, socket) => socket.destroy());

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const urlHost = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${urlHost}:${port}`,
        port,
        requests,
        close: () =>
          new Promise<void>((done) => {
            if (closed) return done();
            closed = true;
            for (const t of timers) clearTimeout(t);
            timers.clear();
            server.close(() => done());
            for (const s of sockets) s.destroy();
            sockets.clear();
          }),
      });
    });
  });
}
