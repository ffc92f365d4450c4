#!/usr/bin/env node
// Fixture CLI imitating the `claude` CLI's stream-json protocol
// (`--output-format stream-json --verbose --input-format stream-json`),
// with faults selected by the first word of the prompt. No dependencies.
//
// Modes (first word of the prompt): GARBAGE, SPLIT, CRASH, NOEXIT, IGNORETERM,
// GRANDCHILD, STALL, SLOW <n> <ms>, NEWSESSION, ISERROR, BIG <kb>,
// STDERR <kb>, ARGV, ENV, EXIT <code>. Anything else: normal turn.
//
// Files written in the working directory:
//   .fixture-pid       own pid (every mode, at start-up)
//   .fixture-session   session id (reused with --continue)
//   .grandchild-pid    pid of the spawned grandchild (GRANDCHILD mode)
// Env FIXTURE_LOG=<file>: append one JSON line {pid, argv, cwd, prompt} per invocation.

import { randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const argv = process.argv.slice(2);
const cwd = process.cwd();
const startedAt = Date.now();

// `claude --version`, as the service asks once at start-up.
if (argv.includes('--version')) {
  process.stdout.write('0.0.0-fixture (Claude Code fixture)\n');
  process.exit(0);
}

try {
  writeFileSync(join(cwd, '.fixture-pid'), `${process.pid}\n`);
} catch {
  /* non-writable cwd: ignore */
}

// Swallow EPIPE and friends: the reader may go away at any time.
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});

function flagValue(name) {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === name) return argv[i + 1];
    if (argv[i].startsWith(`${name}=`)) return argv[i].slice(name.length + 1);
  }
  return undefined;
}

const model = flagValue('--model') ?? 'claude-fixture';
const isContinue = argv.includes('--continue') || argv.includes('-c');

// ---------------------------------------------------------------- output ---

function write(stream, chunk) {
  return new Promise((resolve) => {
    try {
      stream.write(chunk, () => resolve());
    } catch {
      resolve();
    }
  });
}

const out = (chunk) => write(process.stdout, chunk);
const emit = (obj) => out(`${JSON.stringify(obj)}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const keepAlive = () => setInterval(() => {}, 1 << 30);
const hangForever = () => new Promise(() => keepAlive());

async function exitWith(code) {
  // Let pending writes drain before exiting.
  await out('');
  await write(process.stderr, '');
  process.exit(code);
}

function logInvocation(prompt) {
  const file = process.env.FIXTURE_LOG;
  if (!file) return;
  try {
    appendFileSync(file, `${JSON.stringify({ pid: process.pid, argv, cwd, prompt })}\n`);
  } catch {
    /* ignore */
  }
}

// ----------------------------------------------------------------- stdin ---

let stdinEnded = false;
const stdinEndWaiters = [];
let firstLineResolve;
const firstLine = new Promise((r) => (firstLineResolve = r));
let stdinBuf = '';
let gotFirstLine = false;

function onStdinEnd() {
  if (stdinEnded) return;
  stdinEnded = true;
  if (!gotFirstLine) {
    const rest = stdinBuf.trim();
    gotFirstLine = true;
    firstLineResolve(rest === '' ? null : rest);
  }
  for (const w of stdinEndWaiters.splice(0)) w();
}

process.stdin.setEncoding('utf8');
// Later lines: control requests as the real CLI takes them (only `interrupt` is acted on).
let onControlInterrupt = null;
let onControlResponse = null;
function onLaterLine(line) {
  let msg;
  try {
    msg = JSON.parse(line);
  } catch {
    return;
  }
  if (msg?.type === 'control_response') onControlResponse?.(msg.response);
  if (msg?.type === 'control_request' && msg.request?.subtype === 'interrupt') {
    void emit({ type: 'control_response', response: { subtype: 'success', request_id: msg.request_id } }).then(() => onControlInterrupt?.());
  }
}

process.stdin.on('data', (chunk) => {
  if (gotFirstLine) {
    stdinBuf += chunk;
    for (let nl = stdinBuf.indexOf('\n'); nl !== -1; nl = stdinBuf.indexOf('\n')) {
      const line = stdinBuf.slice(0, nl).trim();
      stdinBuf = stdinBuf.slice(nl + 1);
      if (line) onLaterLine(line);
    }
    return;
  }
  stdinBuf += chunk;
  for (let nl = stdinBuf.indexOf('\n'); nl !== -1 && !gotFirstLine; nl = stdinBuf.indexOf('\n')) {
    const line = stdinBuf.slice(0, nl).trim();
    stdinBuf = stdinBuf.slice(nl + 1);
    if (line === '') continue;
    // As the real CLI: `initialize` (what the Agent SDK and the pre-start pool ask first) is answered, not taken for the prompt.
    if (line.startsWith('{"type":"control_request"') && line.includes('"subtype":"initialize"')) {
      const id = JSON.parse(line).request_id;
      void emit({ type: 'control_response', response: { subtype: 'success', request_id: id, response: { commands: [], models: [] } } });
      continue;
    }
    gotFirstLine = true;
    firstLineResolve(line);
  }
});
process.stdin.on('end', onStdinEnd);
process.stdin.on('close', onStdinEnd);
process.stdin.on('error', onStdinEnd);

const waitStdinEnd = () =>
  stdinEnded ? Promise.resolve() : new Promise((r) => stdinEndWaiters.push(r));

// ------------------------------------------------------------ session id ---

function sessionFile() {
  return join(cwd, '.fixture-session');
}

function resolveSessionId(fresh) {
  let sid;
  if (!fresh && isContinue) {
    try {
      sid = readFileSync(sessionFile(), 'utf8').trim() || undefined;
    } catch {
      sid = undefined;
    }
  }
  if (!sid) {
    sid = randomUUID();
    try {
      writeFileSync(sessionFile(), `${sid}\n`);
    } catch {
      /* ignore */
    }
  }
  return sid;
}

// ------------------------------------------------------------ line shapes ---

function initLine(sid) {
  return {
    type: 'system',
    subtype: 'init',
    cwd,
    session_id: sid,
    tools: ['Write', 'Bash'],
    model,
    permissionMode: 'default',
    apiKeySource: 'none',
  };
}

function assistantLine(sid, text, id = 'msg_1') {
  return {
    type: 'assistant',
    message: {
      id,
      type: 'message',
      role: 'assistant',
      model,
      content: [{ type: 'text', text }],
      stop_reason: null,
      usage: { input_tokens: 3, output_tokens: 2 },
    },
    parent_tool_use_id: null,
    session_id: sid,
  };
}

const USAGE = {
  input_tokens: 3,
  output_tokens: 2,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
};

function resultLine(sid, text, extra = {}) {
  return {
    type: 'result',
    subtype: 'success',
    is_error: false,
    duration_ms: 5,
    duration_api_ms: 4,
    num_turns: 1,
    result: text,
    session_id: sid,
    total_cost_usd: 0.001,
    usage: USAGE,
    ...extra,
  };
}

function interruptedResultLine(sid) {
  return {
    type: 'result',
    subtype: 'error_during_execution',
    is_error: true,
    duration_ms: Date.now() - startedAt,
    duration_api_ms: 4,
    num_turns: 1,
    session_id: sid,
    total_cost_usd: 0.001,
    usage: USAGE,
  };
}

// ------------------------------------------------------------------ main ---

function extractPrompt(line) {
  let msg;
  try {
    msg = JSON.parse(line);
  } catch {
    return { error: `fixture: stdin line is not JSON: ${line.slice(0, 200)}` };
  }
  if (!msg || msg.type !== 'user' || !msg.message) {
    return { error: `fixture: expected a {"type":"user"} line, got: ${line.slice(0, 200)}` };
  }
  const content = msg.message.content;
  if (typeof content === 'string') return { prompt: content };
  if (Array.isArray(content)) {
    return {
      prompt: content
        .filter((b) => b && b.type === 'text' && typeof b.text === 'string')
        .map((b) => b.text)
        .join('\n'),
    };
  }
  return { error: 'fixture: user message has no content' };
}

function intArg(words, i, dflt) {
  const n = Number.parseInt(words[i] ?? '', 10);
  return Number.isFinite(n) && n >= 0 ? n : dflt;
}

/** Finish a normal turn: result line, then exit 0 once stdin is closed. */
async function finish(sid, text) {
  await emit(resultLine(sid, text));
  await waitStdinEnd();
  await exitWith(0);
}

async function main() {
  const line = await firstLine;
  if (line === null) {
    logInvocation(null);
    await write(process.stderr, 'fixture: stdin closed without a user message\n');
    await exitWith(2);
    return;
  }
  const parsed = extractPrompt(line);
  if (parsed.error) {
    logInvocation(null);
    await write(process.stderr, `${parsed.error}\n`);
    await exitWith(2);
    return;
  }
  const prompt = parsed.prompt;
  logInvocation(prompt);

  const words = prompt.trim().split(/\s+/);
  const mode = words[0] ?? '';
  const normalText = `fixture: ${prompt}`;

  switch (mode) {
    case 'GARBAGE': {
      const sid = resolveSessionId(false);
      await emit(initLine(sid));
      await out('this is not json\n');
      await out('{broken\n');
      await out('\n');
      await out('{"type":"mystery","x":1}\n');
      await emit(assistantLine(sid, normalText));
      return finish(sid, normalText);
    }

    case 'SPLIT': {
      const sid = resolveSessionId(false);
      await emit(initLine(sid));
      // Assistant line in 3 chunks with 100 ms pauses (long enough for a loaded reader to drain the pipe in between).
      const a = Buffer.from(`${JSON.stringify(assistantLine(sid, normalText))}\n`);
      const c1 = Math.floor(a.length / 3);
      const c2 = Math.floor((2 * a.length) / 3);
      await out(a.subarray(0, c1));
      await sleep(100);
      await out(a.subarray(c1, c2));
      await sleep(100);
      await out(a.subarray(c2));
      // Second assistant line with multi-byte UTF-8, split inside "✓" (3 bytes).
      const b = Buffer.from(`${JSON.stringify(assistantLine(sid, 'héllo ✓ 日本', 'msg_2'))}\n`);
      const cut = b.indexOf(Buffer.from('✓')) + 1;
      await out(b.subarray(0, cut));
      await sleep(100);
      await out(b.subarray(cut));
      return finish(sid, normalText);
    }

    case 'CRASH': {
      const sid = resolveSessionId(false);
      await emit(initLine(sid));
      const a = JSON.stringify(assistantLine(sid, normalText));
      await out(a.slice(0, Math.floor(a.length / 2)));
      await write(process.stderr, 'fixture crash: boom\n');
      return exitWith(3);
    }

    case 'NOEXIT': {
      const sid = resolveSessionId(false);
      await emit(initLine(sid));
      await emit(assistantLine(sid, normalText));
      await emit(resultLine(sid, normalText));
      // Never exit on our own; SIGTERM (default action) ends it.
      return hangForever();
    }

    case 'IGNORETERM': {
      process.on('SIGTERM', () => {});
      process.on('SIGINT', () => {});
      const sid = resolveSessionId(false);
      await emit(initLine(sid));
      return hangForever();
    }

    case 'GRANDCHILD': {
      const child = spawn(process.execPath, ['-e', 'setInterval(()=>{},1000)'], {
        detached: false,
        stdio: 'ignore',
      });
      try {
        writeFileSync(join(cwd, '.grandchild-pid'), `${child.pid}\n`);
      } catch {
        /* ignore */
      }
      const sid = resolveSessionId(false);
      await emit(initLine(sid));
      return hangForever();
    }

    case 'STALL': {
      const sid = resolveSessionId(false);
      await emit(initLine(sid));
      return hangForever();
    }

    case 'ASK':
    case 'WITHDRAW': {
      // A permission request as the real CLI makes it with --permission-prompt-tool stdio.
      const sid = resolveSessionId(false);
      await emit(initLine(sid));
      const answer = new Promise((r) => (onControlResponse = r));
      await emit({
        type: 'control_request',
        request_id: 'perm-1',
        request: { subtype: 'can_use_tool', tool_name: 'Write', input: { file_path: 'x.txt', content: 'x' }, permission_suggestions: [], tool_use_id: 'toolu_1' },
      });
      let text;
      if (words[0] === 'WITHDRAW') {
        await sleep(intArg(words, 1, 200));
        await emit({ type: 'control_cancel_request', request_id: 'perm-1' });
        await sleep(300);
        text = 'withdrawn';
      } else {
        const r = await answer;
        text = r?.response?.behavior === 'allow' ? `allowed ${JSON.stringify(r.response.updatedInput)}` : `denied: ${r?.response?.message}`;
      }
      await emit(assistantLine(sid, text));
      return finish(sid, text);
    }

    case 'SLOW': {
      const n = intArg(words, 1, 3);
      const ms = intArg(words, 2, 100);
      const sid = resolveSessionId(false);
      let done = false;
      process.on('SIGINT', () => {
        if (stdinEnded || done) {
          void exitWith(130);
          return;
        }
        void emit(interruptedResultLine(sid)).then(() => exitWith(130));
      });
      let interrupted = false;
      onControlInterrupt = () => {
        interrupted = true;
      };
      await emit(initLine(sid));
      for (let i = 1; i <= n && !interrupted; i++) {
        await sleep(ms);
        if (!interrupted) await emit(assistantLine(sid, `tick${i}`, `msg_${i}`));
      }
      done = true;
      if (interrupted) {
        await emit(interruptedResultLine(sid));
        await waitStdinEnd();
        return exitWith(0);
      }
      return finish(sid, `tick${n}`);
    }

    case 'NEWSESSION': {
      const sid = resolveSessionId(true);
      await emit(initLine(sid));
      await emit(assistantLine(sid, normalText));
      return finish(sid, normalText);
    }

    case 'ISERROR': {
      const sid = resolveSessionId(false);
      const text = 'API Error: 400 scripted';
      await emit(initLine(sid));
      await emit(assistantLine(sid, text));
      await emit({
        type: 'result',
        subtype: 'success',
        is_error: true,
        api_error_status: 400,
        duration_ms: 5,
        duration_api_ms: 4,
        num_turns: 1,
        result: text,
        session_id: sid,
        total_cost_usd: 0.001,
        usage: USAGE,
      });
      return exitWith(1);
    }

    case 'BIG': {
      const kb = intArg(words, 1, 64);
      const sid = resolveSessionId(false);
      const unit = 'abcdefghijklmnopqrstuvwxyz012345'; // 32 ASCII chars
      const text = unit.repeat(Math.ceil((kb * 1024) / unit.length)).slice(0, kb * 1024);
      await emit(initLine(sid));
      await emit(assistantLine(sid, text));
      return finish(sid, text);
    }

    case 'STDERR': {
      const kb = intArg(words, 1, 64);
      const junkLine = `${'x'.repeat(63)}\n`; // 64 bytes
      const junk = junkLine.repeat(Math.ceil((kb * 1024) / 64)).slice(0, kb * 1024);
      await write(process.stderr, junk);
      const sid = resolveSessionId(false);
      await emit(initLine(sid));
      await emit(assistantLine(sid, normalText));
      return finish(sid, normalText);
    }

    case 'ARGV': {
      const sid = resolveSessionId(false);
      const text = JSON.stringify(argv);
      await emit(initLine(sid));
      await emit(assistantLine(sid, text));
      return finish(sid, text);
    }

    case 'ENV': {
      const sid = resolveSessionId(false);
      const text = JSON.stringify(Object.keys(process.env).sort());
      await emit(initLine(sid));
      await emit(assistantLine(sid, text));
      return finish(sid, text);
    }

    case 'EXIT': {
      const code = intArg(words, 1, 1);
      const sid = resolveSessionId(false);
      await emit(initLine(sid));
      return exitWith(code);
    }

    default: {
      const sid = resolveSessionId(false);
      await emit(initLine(sid));
      await emit(assistantLine(sid, normalText));
      return finish(sid, normalText);
    }
  }
}

main().catch(async (err) => {
  await write(process.stderr, `fixture internal error: ${err?.stack ?? err}\n`);
  await exitWith(70);
});
