/**
 * The rows of the peers table (bench/scenarios/peers.ts): one way each of holding a multi-turn
 * conversation with the same CLI binary and the same scripted model. A row starts what it
 * needs, runs turns one at a time and measures each (latency to the answer, CPU of every
 * process involved, the serving process's own CPU, peak memory); the scenario interleaves the
 * rows, checks every reply and writes the table. A new row is one more `PeerRow` in
 * `peerRows()`: `measureTreeTurn` does the measuring for any row with a long-lived process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { buildCliArgs } from '../../src/cli/args.js';
import { signalGroup } from '../../src/cli/kill-tree.js';
import { CLAUDE_BIN, cliEnv, REPO_ROOT } from '../../tests/support/cli-env.js';
import type { Build } from './build.js';
import { runDirectTurn, userMessageLine } from './direct-cli.js';
import { JsonClient } from './http.js';
import { isSpawnHelper, readCpu, treeCpuMs, treePids, treeRssKiB, readServiceCpu } from './procfs.js';
import { startStack, type Stack, withServerOutput } from './stack.js';

/** What the scenario gives every row. */
export interface PeerEnv {
  /** The scripted model (tests/support/fake-anthropic.ts) for rows that do not start their own. */
  fakeUrl: string;
  /** A fresh temp dir for this row's HOME and workspace; the scenario removes it. */
  dir: string;
  /** The compiled service (bench/support/build.ts), shared by the rows that run our server. */
  build: Build;
  log: (message: string) => void;
}

export interface PeerTurn {
  /** request → answer (ours: the JSON reply; the SDK: its `result` message; the direct CLI: its result line), ms */
  answerMs: number;
  /** request → the row done with the turn (per-turn rows: the turn's CLI gone), ms */
  settledMs: number;
  /** The answer's text: the scenario checks it against the scripted model's echo. */
  reply: string | null;
  /** utime+stime of every process of the row during the turn (request → settled), ms */
  cpuMs: number;
  /** The serving process's own utime+stime during the turn (our server, the SDK's host), ms; null when there is none */
  servingCpuMs: number | null;
  /** Peak Σ RSS of the serving process and its descendants (the CLI's alone for the direct row) during the turn, KiB */
  peakRssKiB: number;
  /** Where the turn's time went (phase → ms), as far as the row can tell; NaN when a phase did not happen. */
  phases?: Record<string, number>;
}

export interface PeerRow {
  id: string;
  /** The row's label in the table. */
  label: string;
  /** One line for the report: how this row runs a turn. */
  how: string;
  /** Starts what the row needs (not measured); throws when the row cannot run. */
  start(env: PeerEnv): Promise<void>;
  /** One turn of the conversation (the first one starts it). */
  turn(prompt: string): Promise<PeerTurn>;
  /** CPU of the row's processes between its turns so far (idle timers, a live CLI's housekeeping), and the wall time it was spread over, ms. */
  idle(): Idle;
  /** Extra lines for the report (e.g. the CLI's argv as the peer runs it). */
  notes(): string[];
  /** Stops everything the row started; safe to call after a failed start. */
  close(): Promise<void>;
}

const SAMPLE_EVERY_MS = 20;
const SETTLE_LIMIT_MS = 15_000;

/** Samples Σ RSS of a process tree every SAMPLE_EVERY_MS until stopped; returns the peak. */
function rssSampler(root: () => number | undefined, onTick?: () => void): { stop(): number } {
  let peak = 0;
  const tick = () => {
    const pid = root();
    if (pid !== undefined) peak = Math.max(peak, treeRssKiB(pid));
    onTick?.();
  };
  tick();
  const timer = setInterval(tick, SAMPLE_EVERY_MS);
  return {
    stop: () => {
      clearInterval(timer);
      tick();
      return peak;
    },
  };
}

/** Waits until the tree of `root` holds only `resident` pids (zombies count as present: they are not reaped yet). */
async function settle(root: number, resident: ReadonlySet<number>): Promise<void> {
  const deadline = performance.now() + SETTLE_LIMIT_MS;
  while (treePids(root).some((p) => p !== root && !resident.has(p))) {
    if (performance.now() > deadline) throw new Error(`processes of pid ${root} still running ${SETTLE_LIMIT_MS} ms after the answer`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * One turn of a row served by a long-lived process `root` (our server, the SDK's host): CPU is
 * the tree's (treeCpuMs) from the request to the end of `act` (which returns once the turn is
 * over: per-turn rows wait there for their CLI to be gone); memory is sampled on the tree.
 */
export async function measureTreeTurn(
  root: number,
  act: () => Promise<{ answerMs: number; reply: string | null; phases?: Record<string, number> }>,
  onSample?: () => void,
): Promise<PeerTurn> {
  const cpu0 = treeCpuMs(root);
  const serving0 = readServiceCpu(root).selfMs;
  const sampler = rssSampler(() => root, onSample);
  const t0 = performance.now();
  try {
    const { answerMs, reply, phases } = await act();
    const settledMs = performance.now() - t0;
    return { answerMs, settledMs, reply, phases, cpuMs: treeCpuMs(root) - cpu0, servingCpuMs: readServiceCpu(root).selfMs - serving0, peakRssKiB: sampler.stop() };
  } finally {
    sampler.stop();
  }
}

export interface Idle {
  cpuMs: number;
  wallMs: number;
}

/** Tracks a row's CPU between turns: the tree's CPU at the end of one turn vs the start of the next. */
class IdleCpu {
  private lastEnd: { cpuMs: number; at: number } | undefined;
  readonly total: Idle = { cpuMs: 0, wallMs: 0 };
  constructor(private readonly root: () => number | undefined) {}
  beforeTurn(): void {
    const pid = this.root();
    if (pid === undefined || this.lastEnd === undefined) return;
    this.total.cpuMs += treeCpuMs(pid) - this.lastEnd.cpuMs;
    this.total.wallMs += performance.now() - this.lastEnd.at;
  }
  afterTurn(): void {
    const pid = this.root();
    if (pid !== undefined) this.lastEnd = { cpuMs: treeCpuMs(pid), at: performance.now() };
  }
}

const argvOf = (pid: number): string[] | null => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return null;
  }
};

/** The argv of a descendant of `root` running the CLI binary (argv[0] `claude` or `claude.exe`), the repository's path shortened. */
function cliArgvUnder(root: number): string | null {
  for (const pid of treePids(root)) {
    const argv = pid === root ? null : argvOf(pid);
    if (argv && /(^|\/)claude(\.exe)?$/.test(argv[0] ?? '')) return argv.map((a) => a.replace(REPO_ROOT + '/', '')).join(' ');
  }
  return null;
}

/** An onSample hook that records the CLI's argv under `root` once per turn into `set`. */
function argvWatcher(root: number, set: (argv: string) => void): () => void {
  let seen = false;
  return () => {
    if (seen) return;
    const argv = cliArgvUnder(root);
    if (argv) {
      seen = true;
      set(argv);
    }
  };
}

// ---------------------------------------------------------------------------
// The direct CLI: `claude … [--continue]` per turn (the service's flags), spawned by the benchmark itself.

class DirectCliRow implements PeerRow {
  readonly id = 'direct';
  readonly label = 'direct `claude … --continue` per turn';
  readonly how = 'the benchmark spawns the CLI per turn (bench/support/direct-cli.ts: stream-json prompt on stdin, `--continue` from turn 2 on); answer = its result line';
  private env: Record<string, string> = {};
  private cwd = '';
  private turns = 0;
  private argv = '';

  async start(env: PeerEnv): Promise<void> {
    const home = path.join(env.dir, 'home');
    this.cwd = path.join(env.dir, 'workspace');
    await mkdir(home);
    await mkdir(this.cwd);
    this.env = cliEnv({ baseUrl: env.fakeUrl, home });
  }

  async turn(prompt: string): Promise<PeerTurn> {
    const args = buildCliArgs({ model: 'sonnet', permissionMode: 'default' }, { continueConversation: this.turns++ > 0, partialMessages: false });
    this.argv = ['node_modules/.bin/claude', ...args].join(' ');
    let pid: number | undefined;
    const sampler = rssSampler(() => pid);
    // The CLI is the benchmark's child: its CPU is what the benchmark reaps during the turn.
    const c0 = readCpu('self').childrenMs;
    const t = await runDirectTurn({ bin: CLAUDE_BIN, args, cwd: this.cwd, env: this.env, input: userMessageLine(prompt), onSpawn: (p) => (pid = p) });
    const cpuMs = readCpu('self').childrenMs - c0;
    const peakRssKiB = sampler.stop();
    if (t.exitCode !== 0 || !t.result || t.result.is_error || t.resultAtMs === null) {
      throw new Error(`exit ${t.exitCode}/${t.signal}, result ${JSON.stringify(t.result)?.slice(0, 500)}, stderr ${t.stderr.slice(-500)}`);
    }
    const phases = { 'spawn → result line': t.resultAtMs, 'result line → CLI exit': t.ms - t.resultAtMs };
    return { answerMs: t.resultAtMs, settledMs: t.ms, reply: t.result.result ?? null, cpuMs, servingCpuMs: null, peakRssKiB, phases };
  }

  idle(): Idle {
    return { cpuMs: 0, wallMs: 0 };
  }

  notes(): string[] {
    return this.argv ? [`CLI argv (last turn): \`${this.argv}\``] : [];
  }

  async close(): Promise<void> {}
}

/** The floor of a warm turn: one live CLI the benchmark drives itself over stdin/stdout, nothing between. */
class DirectStreamingRow implements PeerRow {
  readonly id = 'direct-streaming';
  readonly label = 'direct CLI, streaming input (one live CLI)';
  readonly how = 'the benchmark spawns one CLI for the conversation (stream-json in and out) and writes each prompt line to its stdin; answer = its result line';
  private child: ChildProcess | undefined;
  private pending = '';
  private waiter: ((text: string | null) => void) | null = null;
  private readonly idleCpu = new IdleCpu(() => this.child?.pid);

  async start(env: PeerEnv): Promise<void> {
    const home = path.join(env.dir, 'home');
    const cwd = path.join(env.dir, 'workspace');
    await mkdir(home);
    await mkdir(cwd);
    const args = buildCliArgs({ model: 'sonnet', permissionMode: 'default' }, { continueConversation: false, partialMessages: false });
    this.child = spawn(CLAUDE_BIN, args, { cwd, env: cliEnv({ baseUrl: env.fakeUrl, home }), stdio: ['pipe', 'pipe', 'ignore'], detached: true });
    this.child.stdin!.on('error', () => undefined);
    this.child.stdout!.setEncoding('utf8');
    this.child.stdout!.on('data', (chunk: string) => {
      this.pending += chunk;
      for (let nl; (nl = this.pending.indexOf('\n')) >= 0; ) {
        const text = this.pending.slice(0, nl);
        this.pending = this.pending.slice(nl + 1);
        if (!text.startsWith('{"type":"result"')) continue;
        const result = z.object({ result: z.string().optional(), is_error: z.boolean().optional() }).passthrough().safeParse(JSON.parse(text));
        this.waiter?.(result.success && !result.data.is_error ? (result.data.result ?? null) : null);
      }
    });
    this.child.once('exit', () => this.waiter?.(null));
  }

  async turn(prompt: string): Promise<PeerTurn> {
    const pid = this.child!.pid!;
    this.idleCpu.beforeTurn();
    const turn = await measureTreeTurn(pid, async () => {
      const t0 = performance.now();
      const reply = new Promise<string | null>((resolve) => (this.waiter = resolve));
      this.child!.stdin!.write(userMessageLine(prompt));
      const text = await reply;
      this.waiter = null;
      const answerMs = performance.now() - t0;
      if (text === null) throw new Error('the CLI ended the turn without a successful result');
      return { answerMs, reply: text, phases: { 'prompt line → result line': answerMs } };
    });
    this.idleCpu.afterTurn();
    return { ...turn, servingCpuMs: null };
  }

  idle(): Idle {
    return this.idleCpu.total;
  }

  notes(): string[] {
    return [];
  }

  async close(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.stdin!.end();
    const timer = setTimeout(() => child.pid !== undefined && signalGroup(child.pid, 'SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
    if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
  }
}

// ---------------------------------------------------------------------------
// Ours

const TurnReply = z
  .object({ status: z.string(), response: z.string().nullable().optional(), events: z.array(z.object({ type: z.string(), at: z.string() }).passthrough()).optional() })
  .passthrough();

export interface OursRowOptions {
  /** Row id (default `ours-<mode>`; the targets name `ours-per-turn` and `ours-warm`). */
  id?: string;
  label?: string;
  /** More server variables on top of `SANDBOX=bwrap` (e.g. `PREWARM_PROCESSES`). */
  serverEnv?: Record<string, string>;
}

/**
 * Ours: the compiled server with SANDBOX=bwrap, one session in `mode`. A per-turn turn is over
 * when every process the server did not have before the session is gone: a row whose server
 * keeps other CLIs (a pre-started pool that refills) needs its own rule there.
 */
export class OursRow implements PeerRow {
  readonly id: string;
  readonly label: string;
  readonly how: string;
  private stack: Stack | undefined;
  private client: JsonClient | undefined;
  private session: string | undefined;
  private resident = new Set<number>();
  private readonly idleCpu = new IdleCpu(() => this.stack?.serverPid);
  private argv: string | null = null;

  constructor(
    private readonly mode: 'per-turn' | 'warm',
    private readonly opts: OursRowOptions = {},
  ) {
    this.id = opts.id ?? `ours-${mode}`;
    this.label = opts.label ?? (mode === 'warm' ? 'ours, warm (`processMode: warm`)' : 'ours, per-turn (`processMode: per-turn`)');
    const extra = Object.entries(opts.serverEnv ?? {}).map(([k, v]) => `, \`${k}=${v}\``).join('');
    this.how =
      `compiled server (\`node dist/main.js\`), \`SANDBOX=bwrap\`${extra}, one session \`{"processMode":"${mode}"}\`; ` +
      '`POST /sessions/:id/messages` → the JSON reply' + (mode === 'warm' ? ' (one live CLI)' : ' (a CLI per turn, `--continue` from turn 2 on)');
  }

  async start(env: PeerEnv): Promise<void> {
    this.stack = await startStack({ entry: env.build.entry, maxConcurrentTurns: 1, serverEnv: { SANDBOX: 'bwrap', ...this.opts.serverEnv } });
    this.client = new JsonClient(this.stack.api);
    try {
      const health = await this.client.get<{ sandbox?: { mode?: string } }>('/health');
      if (health.body.sandbox?.mode !== 'bwrap') throw new Error(`SANDBOX=bwrap server reports sandbox ${JSON.stringify(health.body.sandbox)}`);
      // The server's one-off `claude --version` at start-up must not land in a turn.
      for (const deadline = Date.now() + 30_000; treePids(this.stack.serverPid).filter((p) => !isSpawnHelper(p)).length > 1 && Date.now() < deadline; ) {
        await new Promise((r) => setTimeout(r, 50));
      }
      this.resident = new Set(treePids(this.stack.serverPid));
      const r = await this.client.post<{ session?: { id: string } }>('/sessions', { processMode: this.mode });
      if (r.status !== 201 || !r.body.session) throw new Error(`POST /sessions {"processMode":"${this.mode}"} answered ${r.status}: ${JSON.stringify(r.body).slice(0, 500)}`);
      this.session = r.body.session.id;
    } catch (err) {
      throw withServerOutput(err, this.stack);
    }
  }

  async turn(prompt: string): Promise<PeerTurn> {
    const stack = this.stack!;
    const client = this.client!;
    this.idleCpu.beforeTurn();
    try {
      const turn = await measureTreeTurn(stack.serverPid, async () => {
        const sentAt = performance.timeOrigin + performance.now();
        const t0 = performance.now();
        const r = await client.post(`/sessions/${this.session}/messages`, { prompt });
        const answerMs = performance.now() - t0;
        const body = TurnReply.safeParse(r.body);
        if (r.status !== 200 || !body.success || body.data.status !== 'completed') throw new Error(`${r.status} ${JSON.stringify(r.body).slice(0, 800)}`);
        if (this.mode === 'per-turn') await settle(stack.serverPid, this.resident);
        // Event timestamps have 1 ms resolution; the reply is taken before turn_finished.
        const at = (type: string) => Date.parse(body.data.events?.find((e) => e.type === type)?.at ?? '');
        const started = at('turn_started');
        const spawned = at('process_started');
        const result = at('result');
        const phases = {
          'request → turn_started': started - sentAt,
          'turn_started → process_started (spawn)': spawned - started,
          'turn_started → result line': result - started,
          'result line → reply received': sentAt + answerMs - result,
        };
        return { answerMs, reply: body.data.response ?? null, phases };
      }, argvWatcher(stack.serverPid, (a) => (this.argv = a)));
      this.idleCpu.afterTurn();
      return turn;
    } catch (err) {
      throw withServerOutput(err, stack);
    }
  }

  idle(): Idle {
    return this.idleCpu.total;
  }

  notes(): string[] {
    return this.argv ? [`CLI argv under the server (last turn): \`${this.argv.slice(0, 600)}\``] : [];
  }

  async close(): Promise<void> {
    if (this.session) await this.client?.delete(`/sessions/${this.session}`).catch(() => undefined);
    this.client?.close();
    await this.stack?.close();
  }
}

// ---------------------------------------------------------------------------
// The Agent SDK in a host process of its own (bench/support/sdk-host.mjs).

const HOST = fileURLToPath(new URL('./sdk-host.mjs', import.meta.url));

/** The line of a node process's stderr that says what went wrong (`Error [ERR_MODULE_NOT_FOUND]: Cannot find package …`). */
function errorLine(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => /\bError\b/.test(l)) ?? lines.at(-1) ?? '(no output)';
}

const HostLine = z.discriminatedUnion('ev', [
  z.object({ ev: z.literal('ready') }),
  z.object({ ev: z.literal('result'), text: z.string().nullable(), isError: z.boolean(), subtype: z.string().optional(), sessionId: z.string().optional(), ms: z.number() }),
  z.object({ ev: z.literal('done') }),
  z.object({ ev: z.literal('closed') }),
  z.object({ ev: z.literal('error'), message: z.string(), stderr: z.string() }),
]);
type HostLine = z.infer<typeof HostLine>;

class SdkRow implements PeerRow {
  readonly id: string;
  readonly label: string;
  readonly how: string;
  private child: ChildProcess | undefined;
  private lines: AsyncIterator<string> | undefined;
  private stderr = '';
  private readonly idleCpu = new IdleCpu(() => this.child?.pid);
  private argv: string | null = null;

  constructor(private readonly mode: 'per-turn' | 'streaming') {
    this.id = `sdk-${mode}`;
    this.label =
      mode === 'per-turn' ? '`@anthropic-ai/claude-agent-sdk`, one `query()` per turn with `resume`' : 'Agent SDK, streaming input (one live CLI)';
    this.how =
      'plain `node` host process importing the SDK (bench/support/sdk-host.mjs), `pathToClaudeCodeExecutable` = the same binary, ' +
      (mode === 'per-turn'
        ? '`query({prompt, options: {resume}})` per turn (a CLI per turn); answer = its `result` message'
        : 'one `query()` with an async-iterable prompt for the whole conversation (one live CLI); answer = each `result` message') +
      '; the host is driven over stdin/stdout JSON lines';
  }

  private async next(what: string, timeoutMs = 120_000): Promise<HostLine> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no ${what} from the SDK host within ${timeoutMs} ms; stderr: ${this.stderr.slice(-1000)}`)), timeoutMs);
    });
    try {
      const r = await Promise.race([this.lines!.next(), timeout]);
      if (r.done) throw new Error(`the SDK host exited before ${what}: ${errorLine(this.stderr)}\n--- its stderr ---\n${this.stderr.slice(-2000)}`);
      let raw: unknown;
      try {
        raw = JSON.parse(r.value);
      } catch {
        throw new Error(`SDK host wrote a line that is not JSON: ${r.value.slice(0, 300)}`);
      }
      const line = HostLine.parse(raw);
      if (line.ev === 'error') throw new Error(`SDK host: ${line.message.slice(0, 1500)}; CLI stderr: ${line.stderr.slice(-1000)}`);
      return line;
    } finally {
      clearTimeout(timer);
    }
  }

  async start(env: PeerEnv): Promise<void> {
    const home = path.join(env.dir, 'home');
    const cwd = path.join(env.dir, 'workspace');
    await mkdir(home);
    await mkdir(cwd);
    const cli = cliEnv({ baseUrl: env.fakeUrl, home });
    const cfg = { mode: this.mode, cwd, env: cli, cli: CLAUDE_BIN, model: 'sonnet', permissionMode: 'default' };
    this.child = spawn(process.execPath, [HOST, JSON.stringify(cfg)], { cwd: REPO_ROOT, env: cli, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    this.child.stderr!.setEncoding('utf8');
    this.child.stderr!.on('data', (d: string) => (this.stderr = (this.stderr + d).slice(-8000)));
    this.child.stdin!.on('error', () => undefined);
    this.lines = readline.createInterface({ input: this.child.stdout!, crlfDelay: Infinity })[Symbol.asyncIterator]();
    const first = await this.next('ready', 60_000);
    if (first.ev !== 'ready') throw new Error(`SDK host said ${first.ev} before ready`);
  }

  async turn(prompt: string): Promise<PeerTurn> {
    const host = this.child!.pid!;
    this.idleCpu.beforeTurn();
    const turn = await measureTreeTurn(host, async () => {
      const t0 = performance.now();
      this.child!.stdin!.write(JSON.stringify({ op: 'turn', prompt }) + '\n');
      const line = await this.next('a result');
      const answerMs = performance.now() - t0;
      if (line.ev !== 'result') throw new Error(`expected a result, the SDK host said ${line.ev}`);
      if (line.isError) throw new Error(`result is_error (${line.subtype}): ${line.text?.slice(0, 500)}`);
      const phases: Record<string, number> = { 'host: prompt → result message': line.ms, 'result message → benchmark': answerMs - line.ms };
      if (this.mode === 'per-turn') {
        const done = await this.next('done');
        if (done.ev !== 'done') throw new Error(`expected done, the SDK host said ${done.ev}`);
        phases['result message → query() finished'] = performance.now() - t0 - answerMs;
        await settle(host, new Set());
        phases['result message → CLI reaped'] = performance.now() - t0 - answerMs;
      }
      return { answerMs, reply: line.text, phases };
    }, argvWatcher(host, (a) => (this.argv = a)));
    this.idleCpu.afterTurn();
    return turn;
  }

  idle(): Idle {
    return this.idleCpu.total;
  }

  notes(): string[] {
    return this.argv ? [`CLI argv as the SDK runs it (last turn): \`${this.argv.slice(0, 600)}\``] : [];
  }

  async close(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.stdin!.write('{"op":"close"}\n');
    const timer = setTimeout(() => child.pid !== undefined && signalGroup(child.pid, 'SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
    // Whatever the host left in its group goes with it.
    if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
  }
}

/** The rows of the table, in order; the first is the baseline the ratios divide by. */
export function peerRows(): PeerRow[] {
  return [new DirectCliRow(), new OursRow('per-turn'), new SdkRow('per-turn'), new DirectStreamingRow(), new OursRow('warm'), new SdkRow('streaming')];
}
