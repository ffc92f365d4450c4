// A pass-through wrapper around the real `claude` CLI, given to the server as CLAUDE_BIN by the
// stream-relay scenario (bench/scenarios/stream-relay.ts) so the CLI side of each event line can
// be timed without touching the CLI.
//
// It runs CLAUDE_BENCH_REAL_BIN with the same argv, environment and working directory; stdin
// and stderr are the CLI's own (inherited, nothing in between); stdout goes through this
// process: each chunk is stamped with process.hrtime.bigint() (CLOCK_MONOTONIC, one clock for
// every process on the machine) and written on at once, before anything else is done with it.
// When the CLI is done, every `stream_event` line goes to CLAUDE_BENCH_STAMP_DIR/<pid>.stamps
// as `<stamp-ns> <uuid>`, with the stamp of the chunk that completed it (the CLAUDE_ prefix
// gets both variables through the service's environment allow-list).
//
// Signals sent to this process alone are passed on; the service signals the whole process
// group, which reaches the CLI directly. The exit code (or signal) is the CLI's.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';

const real = process.env.CLAUDE_BENCH_REAL_BIN;
const dir = process.env.CLAUDE_BENCH_STAMP_DIR;
if (!real || !dir) {
  process.stderr.write('stamp-cli: CLAUDE_BENCH_REAL_BIN and CLAUDE_BENCH_STAMP_DIR must be set\n');
  process.exit(127);
}

const child = spawn(real, process.argv.slice(2), { stdio: ['inherit', 'pipe', 'inherit'] });
// During the turn only the stamp, the write and a push: the lines are read after the CLI has
// exited, so this process takes as little CPU as it can from the processes being measured.
const chunks = [];
child.stdout.on('data', (chunk) => {
  const t = process.hrtime.bigint();
  // Pipes are written synchronously on Linux: the server has the bytes when this returns.
  process.stdout.write(chunk);
  chunks.push(t, chunk);
});

/** `<stamp-ns> <uuid>` for each stream_event line, stamped with the chunk that completed it. */
function stampLines() {
  const out = [];
  const decoder = new StringDecoder('utf8');
  const UUID = /"uuid":"([0-9a-f-]{36})"/;
  let pending = '';
  for (let i = 0; i < chunks.length; i += 2) {
    pending += decoder.write(chunks[i + 1]);
    let nl;
    while ((nl = pending.indexOf('\n')) !== -1) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      if (!line.startsWith('{"type":"stream_event"')) continue;
      const m = UUID.exec(line);
      if (m) out.push(`${chunks[i]} ${m[1]}`);
    }
  }
  return out;
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    try {
      child.kill(sig);
    } catch {
      // already gone
    }
  });
}

child.on('error', (err) => {
  process.stderr.write(`stamp-cli: ${err.message}\n`);
  process.exit(127);
});

child.on('close', (code, signal) => {
  try {
    const stamps = stampLines();
    writeFileSync(path.join(dir, `${process.pid}.stamps`), stamps.length ? stamps.join('\n') + '\n' : '');
  } catch (err) {
    process.stderr.write(`stamp-cli: cannot write stamps: ${err.message}\n`);
  }
  if (signal) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  } else {
    process.exit(code ?? 1);
  }
});
