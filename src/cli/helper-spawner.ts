import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { signalGroup } from './kill-tree.js';
import { drained, SpawnFailure, type ChildExit, type SpawnedChild, type Spawner, type SpawnSpec } from './spawner.js';

/** Where `npm install` builds the helper (scripts/build-spawner.mjs). */
export const HELPER_BIN = fileURLToPath(new URL('../../native/build/cca-spawn', import.meta.url));

export function helperBuilt(bin = HELPER_BIN): boolean {
  return existsSync(bin);
}

// The helper's announcement on each of a child's three sockets: 32 hex characters and the channel.
const TOKEN_BYTES = 16;
const HELLO_BYTES = TOKEN_BYTES * 2 + 2;
// A socket that does not say whose it is in time is closed (anything local could connect).
const HELLO_TIMEOUT_MS = 5000;

interface Pending {
  id: number;
  token: string;
  sockets: (net.Socket | undefined)[];
  /** Set by the helper's P reply; the child's exit may be reported before its sockets are all here. */
  pid?: number;
  exited?: Promise<ChildExit>;
  failure?: string;
  /** The request as written to the helper: sent again (once) if that helper died before acting on it. */
  frame: Buffer;
  retried?: boolean;
  resolve: (c: SpawnedChild) => void;
  reject: (e: Error) => void;
}

interface Live {
  pid: number;
  resolveExit: (e: ChildExit) => void;
}

/**
 * Starts CLIs through native/build/cca-spawn: one small long-lived process that posix_spawn()s
 * each child (a vfork, not a copy of the server's page tables) with three sockets this server
 * accepted as its stdin, stdout and stderr. If the server dies, however, the helper sees its
 * stdin end and ends every child's process group (SIGTERM, SIGKILL after the grace period). If the helper dies, every child it started
 * is killed and reported as exited; the next spawn starts a new helper.
 */
export class HelperSpawner implements Spawner {
  readonly kind = 'helper' as const;
  private helper: ChildProcess | null = null;
  private server: net.Server | null = null;
  private dir: string | null = null;
  private starting: Promise<void> | null = null;
  private closed = false;
  private nextId = 1;
  private replyBuf = '';
  private readonly pending = new Map<number, Pending>();
  private readonly byToken = new Map<string, Pending>();
  private readonly live = new Map<number, Live>();

  /**
   * `graceMs`: when the server is gone, how long the helper lets CLIs end on SIGTERM (writing out
   * their transcripts) before SIGKILL. `socketDir`: where the helper connects (made 0700, emptied first: a fixed path per state dir
   * means a server killed by SIGKILL leaves nothing behind for long); a fresh temp dir by default.
   */
  constructor(
    private readonly logger: Logger,
    private readonly opts: { bin?: string; socketDir?: string; graceMs?: number } = {},
  ) {}

  async spawn(spec: SpawnSpec): Promise<SpawnedChild> {
    if (this.closed) throw new SpawnFailure('the spawner is closed');
    await this.ensureHelper();
    const helper = this.helper;
    if (!helper?.stdin || this.closed) throw new SpawnFailure('the spawn helper is not running');
    const id = this.nextId++;
    const token = randomBytes(TOKEN_BYTES).toString('hex');
    const envs = Object.entries(spec.env).map(([k, v]) => `${k}=${v}`);
    const fields = [String(id), spec.cwd, spec.bin, token, String(spec.args.length), ...spec.args, String(envs.length), ...envs];
    if (fields.some((f) => f.includes('\0'))) throw new SpawnFailure('an argument or environment value holds a NUL byte');
    const body = Buffer.from(fields.join('\0') + '\0');
    const head = Buffer.alloc(4);
    head.writeUInt32LE(body.length);
    const frame = Buffer.concat([head, body]);
    return new Promise<SpawnedChild>((resolve, reject) => {
      const p: Pending = { id, token, sockets: [undefined, undefined, undefined], frame, resolve, reject };
      this.pending.set(id, p);
      this.byToken.set(token, p);
      // Settled by the helper's E reply, or by its P reply and the three connections.
      helper.stdin!.write(frame);
      this.holdLoop();
    });
  }

  /** Starts the helper now rather than at the first spawn (so a helper that cannot run is known at start-up). */
  start(): Promise<void> {
    return this.ensureHelper();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.starting?.catch(() => {});
    const helper = this.helper;
    if (helper && helper.exitCode === null && helper.signalCode === null) {
      const gone = new Promise((r) => helper.once('exit', r));
      helper.stdin?.end(); // the helper kills what is left and exits
      await gone;
    }
    this.server?.close();
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }

  private ensureHelper(): Promise<void> {
    if (this.helper && this.helper.exitCode === null && this.helper.signalCode === null) return Promise.resolve();
    this.starting ??= this.startHelper().finally(() => (this.starting = null));
    return this.starting;
  }

  private async startHelper(): Promise<void> {
    // A helper that exited took its socket with it (it cleans up after a server that died): listen anew.
    if (this.server && !existsSync(this.server.address() as string)) {
      this.server.close();
      this.server = null;
    }
    if (!this.server) {
      if (this.opts.socketDir) {
        await rm(this.opts.socketDir, { recursive: true, force: true });
        await mkdir(this.opts.socketDir, { mode: 0o700 });
        this.dir = this.opts.socketDir;
      } else this.dir = await mkdtemp(path.join(os.tmpdir(), 'cca-spawn-'));
      const server = net.createServer((s) => this.accept(s));
      const sock = path.join(this.dir, 's');
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ path: sock, backlog: 511 }, () => resolve());
      });
      server.unref();
      this.server = server;
    }
    const address = this.server.address() as string;
    // Its own session: a terminal's Ctrl-C reaches the server, which ends the CLIs its own way.
    const helper = spawn(this.opts.bin ?? HELPER_BIN, [address, String(this.opts.graceMs ?? 2000)], { stdio: ['pipe', 'pipe', 'inherit'], detached: true });
    await new Promise<void>((resolve, reject) => {
      helper.once('spawn', resolve);
      helper.once('error', reject);
    });
    helper.unref();
    (helper.stdout as net.Socket).unref?.();
    (helper.stdin as net.Socket).unref?.();
    this.helper = helper;
    this.replyBuf = '';
    helper.stdout!.setEncoding('utf8');
    helper.stdout!.on('data', (chunk: string) => this.onReplies(chunk));
    helper.stdin!.on('error', () => {}); // EPIPE once it died: its exit says so
    helper.once('exit', (code, signal) => this.onHelperExit(helper, code, signal));
  }

  private onReplies(chunk: string): void {
    this.replyBuf += chunk;
    let nl: number;
    while ((nl = this.replyBuf.indexOf('\n')) >= 0) {
      const line = this.replyBuf.slice(0, nl);
      this.replyBuf = this.replyBuf.slice(nl + 1);
      const [kind, a, b, ...rest] = line.split(' ');
      if (kind === 'P') {
        const p = this.pending.get(Number(a));
        if (p) {
          const pid = Number(b);
          p.pid = pid;
          p.exited = new Promise<ChildExit>((resolve) =>
            this.live.set(pid, {
              pid,
              resolveExit: (e) => {
                signalGroup(pid, 'SIGKILL'); // as with a direct spawn: the rest of the group lets go of stdout
                resolve(e);
              },
            }),
          );
          this.settle(p);
        }
      } else if (kind === 'E') {
        const p = this.pending.get(Number(a));
        if (p) {
          p.failure = rest.join(' ') || `errno ${b}`;
          this.settle(p);
        }
      } else if (kind === 'X') {
        const code = Number(b);
        const signo = Number(rest[0]);
        const live = this.live.get(Number(a));
        if (live) {
          this.live.delete(live.pid);
          live.resolveExit({ exitCode: code >= 0 ? code : null, signal: signo > 0 ? signalName(signo) : null });
        }
      } else if (line) this.logger.warn({ line }, 'spawn helper: unexpected reply');
    }
  }

  private accept(socket: net.Socket): void {
    let got = Buffer.alloc(0);
    const timer = setTimeout(() => socket.destroy(), HELLO_TIMEOUT_MS);
    socket.on('error', () => {});
    const onData = (chunk: Buffer) => {
      got = Buffer.concat([got, chunk]);
      if (got.length < HELLO_BYTES) return;
      socket.off('data', onData);
      socket.pause();
      clearTimeout(timer);
      const hello = got.subarray(0, HELLO_BYTES).toString('latin1');
      const p = this.byToken.get(hello.slice(0, TOKEN_BYTES * 2));
      const channel = Number(hello[TOKEN_BYTES * 2]);
      if (!p || hello[HELLO_BYTES - 1] !== '\n' || !(channel >= 0 && channel <= 2) || p.sockets[channel]) return void socket.destroy();
      // The child may have written already: what followed the hello is its first output.
      if (got.length > HELLO_BYTES) socket.unshift(got.subarray(HELLO_BYTES));
      p.sockets[channel] = socket;
      this.settle(p);
    };
    socket.on('data', onData);
  }

  // A spawn is settled by an E reply, or by its P reply and all three sockets.
  private settle(p: Pending): void {
    if (p.failure !== undefined) {
      this.forget(p);
      for (const s of p.sockets) s?.destroy();
      return p.reject(new SpawnFailure(p.failure));
    }
    if (p.pid === undefined || !p.exited || p.sockets.some((s) => !s)) return;
    this.forget(p);
    const [stdin, stdout, stderr] = p.sockets as [net.Socket, net.Socket, net.Socket];
    stdin.resume(); // nothing comes from the child on its stdin; reading notices the other end closing
    // stdout and stderr stay paused (SpawnedChild): the owner resumes them once it listens.
    p.resolve({ pid: p.pid, stdin, stdout, stderr, exited: p.exited, done: drained(p.exited, [stdout, stderr]) });
  }

  private forget(p: Pending): void {
    this.pending.delete(p.id);
    this.byToken.delete(p.token);
    this.holdLoop();
  }

  // An idle helper never keeps the process alive; a spawn on its way does (as a direct spawn would).
  private holdLoop(): void {
    const out = this.helper?.stdout as net.Socket | undefined;
    if (this.pending.size > 0) out?.ref();
    else out?.unref();
  }

  private onHelperExit(helper: ChildProcess, code: number | null, signal: string | null): void {
    if (this.helper === helper) this.helper = null;
    if (!this.closed) this.logger.error({ code, signal, children: this.live.size }, 'the spawn helper exited: its CLIs are killed');
    const again: Pending[] = [];
    for (const p of [...this.pending.values()]) {
      // Not acted on by the helper that died (it was ending, say): asked once more of a new one.
      if (p.pid === undefined && !p.retried && !this.closed) {
        for (const sock of p.sockets) sock?.destroy();
        p.sockets = [undefined, undefined, undefined];
        p.retried = true;
        again.push(p);
        continue;
      }
      if (p.pid !== undefined) signalGroup(p.pid, 'SIGKILL');
      p.failure = 'the spawn helper exited';
      this.settle(p);
    }
    if (again.length > 0) {
      this.ensureHelper().then(
        () => {
          const stdin = this.helper?.stdin;
          for (const p of again) {
            if (stdin && this.pending.has(p.id)) stdin.write(p.frame);
            else if (this.pending.has(p.id)) {
              p.failure = 'the spawn helper exited';
              this.settle(p);
            }
          }
        },
        (err: Error) => {
          for (const p of again) {
            p.failure = `the spawn helper could not restart: ${err.message}`;
            this.settle(p);
          }
        },
      );
    }
    // Orphans now: nobody could report their exit, so they are not left to run unowned.
    for (const live of [...this.live.values()]) {
      this.live.delete(live.pid);
      live.resolveExit({ exitCode: null, signal: 'SIGKILL' });
    }
  }
}

function signalName(signo: number): string {
  const hit = Object.entries(os.constants.signals).find(([, n]) => n === signo);
  return hit ? hit[0] : `SIG${signo}`;
}
