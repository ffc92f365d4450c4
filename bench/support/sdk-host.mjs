/**
 * The Agent SDK's host process for the peers scenario (bench/scenarios/peers.ts): plain node
 * (no tsx, so the loader is not in its CPU or memory) running `@anthropic-ai/claude-agent-sdk`
 * the way an application would, driven by JSON lines so the benchmark can measure this
 * process's own CPU apart from its own.
 *
 *   argv[2]  JSON {mode: "per-turn" | "streaming", cwd, env, cli, model, permissionMode}
 *   stdin    {"op":"turn","prompt":"…"} per turn, {"op":"close"} at the end
 *   stdout   {"ev":"ready"}; per turn {"ev":"result", text, isError, subtype, sessionId, ms}
 *            (the SDK's `result` message; ms = prompt handed to the SDK → result message) and,
 *            in per-turn mode, {"ev":"done"} once that query's generator has finished (its CLI
 *            gone); {"ev":"closed"} before exiting; {"ev":"error", message, stderr} on failure.
 *
 * per-turn:  one `query({prompt: string, options: {resume}})` per turn (a CLI per turn).
 * streaming: one `query({prompt: asyncIterable})` for the whole conversation (one live CLI).
 */
import { performance } from 'node:perf_hooks';
import readline from 'node:readline';
import { query } from '@anthropic-ai/claude-agent-sdk';

const cfg = JSON.parse(process.argv[2] ?? '{}');
const send = (m) => process.stdout.write(JSON.stringify(m) + '\n');
let stderr = '';
const options = () => ({
  cwd: cfg.cwd,
  env: cfg.env,
  pathToClaudeCodeExecutable: cfg.cli,
  model: cfg.model,
  permissionMode: cfg.permissionMode,
  stderr: (d) => {
    stderr = (stderr + d).slice(-8000);
  },
});
const fail = (err) => {
  send({ ev: 'error', message: String(err?.stack ?? err), stderr });
  process.exit(1);
};

function resultOf(msg, t0) {
  return {
    ev: 'result',
    text: typeof msg.result === 'string' ? msg.result : null,
    isError: msg.is_error === true,
    subtype: msg.subtype,
    sessionId: msg.session_id,
    ms: performance.now() - t0,
  };
}

/** A prompt queue the streaming query() reads from: one SDKUserMessage per turn. */
function inputQueue() {
  const items = [];
  let wake = null;
  let ended = false;
  return {
    push(text) {
      items.push({ type: 'user', message: { role: 'user', content: [{ type: 'text', text }] }, parent_tool_use_id: null, session_id: '' });
      wake?.();
    },
    end() {
      ended = true;
      wake?.();
    },
    async *[Symbol.asyncIterator]() {
      for (;;) {
        if (items.length) yield items.shift();
        else if (ended) return;
        else await new Promise((r) => (wake = r));
        wake = null;
      }
    },
  };
}

async function perTurn(lines) {
  let sessionId;
  for await (const line of lines) {
    const cmd = JSON.parse(line);
    if (cmd.op === 'close') break;
    const t0 = performance.now();
    let answered = false;
    for await (const msg of query({ prompt: cmd.prompt, options: { ...options(), ...(sessionId ? { resume: sessionId } : {}) } })) {
      if (msg.type === 'result' && !answered) {
        answered = true;
        sessionId = msg.session_id;
        send(resultOf(msg, t0));
      }
    }
    if (!answered) throw new Error('query() ended without a result message');
    send({ ev: 'done' });
  }
}

async function streaming(lines) {
  const input = inputQueue();
  // The query (and so its CLI) starts with the conversation's first prompt, not before.
  let it;
  for await (const line of lines) {
    const cmd = JSON.parse(line);
    if (cmd.op === 'close') break;
    const t0 = performance.now();
    it ??= query({ prompt: input, options: options() })[Symbol.asyncIterator]();
    input.push(cmd.prompt);
    for (;;) {
      const { value: msg, done } = await it.next();
      if (done) throw new Error('the streaming query ended before a result message');
      if (msg.type === 'result') {
        send(resultOf(msg, t0));
        break;
      }
    }
  }
  // Ending the input closes the CLI's stdin: it exits and the generator finishes.
  input.end();
  while (it && !(await it.next()).done);
}

const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
send({ ev: 'ready' });
(cfg.mode === 'streaming' ? streaming(lines) : perTurn(lines)).then(() => {
  send({ ev: 'closed' });
  process.exit(0);
}, fail);
