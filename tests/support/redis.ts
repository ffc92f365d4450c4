import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import path from 'node:path';

/** A real redis-server (Debian's `redis-server`) for one test file, on a free loopback port. */
export interface RedisServer {
  url: string;
  port: number;
  child: ChildProcess;
  /** Kills it (SIGKILL: no save) and waits for the exit. */
  kill: () => Promise<void>;
  /** Starts it again on the same port (after kill). */
  restart: () => Promise<void>;
  stop: () => Promise<void>;
}

async function freePort(): Promise<number> {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

async function launch(port: number, dataDir?: string): Promise<ChildProcess> {
  // No persistence unless asked (a restart test): each test file has its own throwaway server.
  const persistence = dataDir ? ['--dir', dataDir, '--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence, '--protected-mode', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${out}`)), 10_000);
    const check = () => {
      if (/Ready to accept connections/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', () => reject(new Error(`redis-server exited:\n${out}`)));
    child.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'ENOENT' ? new Error('redis-server is not installed: the shared-mode suites need it (apt-get install redis-server)') : err),
    );
  });
  return child;
}

/** `dataDir`: an append-only file there (fsync always), so a restart keeps what was written. */
export async function startRedis(dataDir?: string): Promise<RedisServer> {
  const port = await freePort();
  let child = await launch(port, dataDir);
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get child() {
      return child;
    },
    kill,
    restart: async () => {
      await kill();
      child = await launch(port, dataDir);
    },
    stop: kill,
  };
}

/**
 * The environment of one replica of a test cluster: its Redis key prefix, a NODE_ID, a short lease,
 * the fixture CLI, and a workspace root every replica shares (its state dir is its own).
 */
export function replicaEnv(c: { redisUrl: string; prefix: string; root: string; leaseMs: number; fixtureCli: string }, name: string): Record<string, string> {
  return {
    REDIS_URL: c.redisUrl,
    REDIS_KEY_PREFIX: `${c.prefix}:`,
    NODE_ID: name,
    OWNER_LEASE_MS: String(c.leaseMs),
    WORKSPACE_ROOT: path.join(c.root, c.prefix, 'workspaces'),
    SANDBOX_DIR: path.join(c.root, c.prefix, 'sandboxes'),
    STATE_DIR: path.join(c.root, c.prefix, `state-${name}`),
    HOME: c.root,
    CLAUDE_BIN: c.fixtureCli,
    KILL_GRACE_MS: '300',
  };
}

