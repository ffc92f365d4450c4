import { randomBytes } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';
import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SandboxConfig } from '../config.js';
import type { Gateway } from '../gateway/gateway.js';
import { BRIDGE_PORT, bwrapArgv } from './bwrap-argv.js';
import type { CgroupReport, Cgroups } from './cgroups.js';
import { usrLayout } from './probe.js';
import { tmpPathFor } from '../store/state-lock.js';
import type { SessionDirs, SessionPaths } from './session-dirs.js';

/** What a CLI process of a session is started as. */
export interface LaunchRequest {
  sessionId: string;
  bin: string;
  args: string[];
  cwd: string;
  /** The filtered environment; the launcher adds HOME, the config dir, the gateway and the token. */
  env: Record<string, string>;
  /** Domains this session may reach (operator's default plus the session's own). */
  allowDomains: readonly string[];
}

/** The command to spawn, and what to undo once that process has exited. */
export interface Launch {
  bin: string;
  args: string[];
  /** Where it starts on the host (inside a sandbox, bwrap changes to the workspace itself). */
  cwd: string;
  env: Record<string, string>;
  release: () => Promise<void>;
}

export interface SandboxReport {
  /** What is in force. */
  mode: 'bwrap' | 'none';
  /** What the operator asked for. */
  requested: SandboxConfig['mode'];
  /** Why the sandbox is not in force, when it is not. */
  reason: string | null;
  network: 'gateway-only' | 'allow-list' | 'host';
  /** What joins a sandbox's loopback port to its gateway socket; null without a sandbox. */
  bridge: 'native' | 'socat' | null;
  limits: CgroupReport & { maxProcesses: number | null; memoryBytes: number | null; cpus: number | null };
}

export interface Launcher {
  readonly report: SandboxReport;
  launch(req: LaunchRequest): Promise<Launch>;
  close(): Promise<void>;
}

/** A launch that could not be set up: the turn fails with SANDBOX_FAILED, it never runs unsandboxed. */
export class SandboxError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'SandboxError';
  }
}

function sessionEnv(base: Record<string, string>, p: SessionPaths, tmp: string): Record<string, string> {
  return { ...base, HOME: p.home, CLAUDE_CONFIG_DIR: p.configDir, TMPDIR: tmp, CLAUDE_CODE_TMPDIR: tmp, USER: 'claude', LOGNAME: 'claude' };
}

/** SANDBOX=none: the CLI runs as the server's user, with its own HOME and the gateway on loopback. */
export class DirectLauncher implements Launcher {
  constructor(
    private readonly dirs: SessionDirs,
    private readonly gateway: Gateway,
    private readonly gatewayUrl: string,
    readonly report: SandboxReport,
  ) {}

  async launch(req: LaunchRequest): Promise<Launch> {
    const p = await this.dirs.prepare(req.sessionId, req.cwd).catch((err: Error) => {
      throw new SandboxError(`could not prepare the session's private directories: ${err.message}`);
    });
    const env: Record<string, string> = { ...sessionEnv(req.env, p, p.tmp), ANTHROPIC_BASE_URL: this.gatewayUrl, ANTHROPIC_API_KEY: this.gateway.tokens.issue(req.sessionId) };
    // A host proxy must not be asked for the gateway on loopback.
    if (PROXY_VARS.some((k) => env[k])) env.NO_PROXY = env.no_proxy = [env.NO_PROXY ?? env.no_proxy, '127.0.0.1', 'localhost'].filter(Boolean).join(',');
    return { bin: req.bin, args: req.args, cwd: req.cwd, env, release: async () => {} };
  }

  async close(): Promise<void> {}
}

/** SANDBOX=bwrap: every CLI in its own bubblewrap sandbox (see bwrap-argv.ts), in its own cgroup where the host allows. */
export class BwrapLauncher implements Launcher {
  private readonly layout = usrLayout();
  private readonly readOnly: string[];
  /** The CLI as the sandbox sees it: only its real directory is mounted, not the symlink that led there. */
  private readonly realBin: string;

  private constructor(
    config: SandboxConfig,
    private readonly dirs: SessionDirs,
    private readonly gateway: Gateway,
    private readonly cgroups: Cgroups,
    private readonly runRoot: string,
    readonly report: SandboxReport,
    bin: string,
    private readonly disableUserns: boolean,
    private readonly bridgeBin: string | null,
  ) {
    // The CLI's own directory (a symlinked bin resolved), plus the operator's extras.
    this.realBin = realpathSync(bin);
    const cliDir = path.dirname(this.realBin);
    this.readOnly = [...new Set([...this.layout.dirs, ...(cliDir.startsWith('/usr/') ? [] : [cliDir]), ...config.readOnlyPaths.filter((p) => existsSync(p))])];
  }

  static async create(
    config: SandboxConfig,
    deps: { dirs: SessionDirs; gateway: Gateway; cgroups: Cgroups; report: SandboxReport; bin: string; disableUserns: boolean; stateDir: string; bridgeBin: string | null },
  ): Promise<BwrapLauncher> {
    // Unix socket paths are short (108 bytes): the sockets live under the host's temp dir, in a
    // dir named after STATE_DIR, so a server killed outright leaves nothing that the next one
    // (holding the same state lock) does not clear.
    const runRoot = tmpPathFor('cca-run', deps.stateDir);
    await rm(runRoot, { recursive: true, force: true });
    await mkdir(runRoot, { mode: 0o700 });
    await snapshotEtc(path.join(runRoot, 'etc'));
    return new BwrapLauncher(config, deps.dirs, deps.gateway, deps.cgroups, runRoot, deps.report, deps.bin, deps.disableUserns, deps.bridgeBin);
  }

  async launch(req: LaunchRequest): Promise<Launch> {
    const undo: Array<() => Promise<void>> = [];
    const release = async () => {
      for (const u of undo.reverse()) await u().catch(() => {});
      undo.length = 0;
    };
    try {
      const p = await this.dirs.prepare(req.sessionId, req.cwd);
      const runDir = path.join(this.runRoot, req.sessionId);
      await mkdir(runDir, { recursive: true, mode: 0o700 });
      undo.push(await this.gateway.openSocket(req.sessionId, path.join(runDir, 'gw.sock')));
      const cg = await this.cgroups.create(`${req.sessionId}-${randomBytes(4).toString('hex')}`);
      undo.push(cg.remove);
      const argv = bwrapArgv({
        command: [this.realBin, ...req.args],
        cwd: req.cwd,
        workspace: req.cwd,
        session: p,
        runDir,
        readOnly: this.readOnly,
        etcDir: path.join(this.runRoot, 'etc'),
        usrLinks: this.layout.links,
        bridgePort: BRIDGE_PORT,
        bridgeBin: this.bridgeBin,
        disableUserns: this.disableUserns,
      });
      const gatewayUrl = `http://127.0.0.1:${BRIDGE_PORT}`;
      const env: Record<string, string> = { ...sessionEnv(req.env, p, '/tmp'), ANTHROPIC_BASE_URL: gatewayUrl, ANTHROPIC_API_KEY: this.gateway.tokens.issue(req.sessionId) };
      for (const k of PROXY_VARS) delete env[k];
      if (req.allowDomains.length) {
        for (const k of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy']) env[k] = gatewayUrl;
        env.NO_PROXY = env.no_proxy = '127.0.0.1,localhost';
      }
      // Enter the cgroup first, so that bwrap and everything it starts are counted from the start.
      // A workspace gone missing is bwrap's to report (SANDBOX_FAILED), not a spawn error.
      const cwd = p.root;
      if (cg.procs.length === 0) return { bin: 'bwrap', args: argv, cwd, env, release };
      return { bin: '/bin/sh', args: ['-c', ENTER_CGROUP, 'sh', ...cg.procs, '--', 'bwrap', ...argv], cwd, env, release };
    } catch (err) {
      await release();
      throw err instanceof SandboxError ? err : new SandboxError((err as Error).message);
    }
  }

  async close(): Promise<void> {
    await rm(this.runRoot, { recursive: true, force: true });
  }
}

const ENTER_CGROUP = 'while [ "$1" != -- ]; do echo $$ > "$1" || { echo "sandbox: could not enter cgroup $1" >&2; exit 125; }; shift; done; shift; exec "$@"';
const PROXY_VARS = ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'no_proxy', 'all_proxy'];

// What of /etc a sandbox may read: name resolution, TLS roots, locale and tool configuration;
// never shadow files, TLS or SSH private keys, package-manager credentials (npmrc, pip.conf) or
// the host's users. The sandbox's uid maps to the server's, so whatever is bound is readable.
export const ETC_ALLOWED = [
  'alternatives', 'bash.bashrc', 'ca-certificates', 'ca-certificates.conf', 'debian_version', 'fonts', 'gai.conf', 'gitconfig', 'host.conf',
  'hosts', 'inputrc', 'java-17-openjdk', 'ld.so.cache', 'ld.so.conf', 'ld.so.conf.d', 'locale.alias', 'locale.gen', 'localtime', 'magic', 'magic.mime',
  'manpath.config', 'mime.types', 'nsswitch.conf', 'os-release', 'perl', 'profile', 'profile.d', 'protocols', 'python3', 'python3.11', 'python3.12',
  'python3.13', 'resolv.conf', 'services', 'shells', 'ssl/certs', 'ssl/openssl.cnf', 'terminfo', 'timezone', 'vim', 'wgetrc', 'xdg',
];

// One copy at start, bound as the sandbox's /etc: one mount per sandbox instead of one per entry
// (~8 ms of bwrap's start-up), and nothing of /etc that is not on the list.
async function snapshotEtc(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const entry of ETC_ALLOWED) {
    if (!existsSync(`/etc/${entry}`)) continue;
    await mkdir(path.dirname(path.join(dir, entry)), { recursive: true });
    await cp(`/etc/${entry}`, path.join(dir, entry), { recursive: true, verbatimSymlinks: true }).catch(() => {});
  }
  // Mount points for each session's own passwd and group (a read-only /etc cannot grow them).
  for (const f of ['passwd', 'group']) await writeFile(path.join(dir, f), '');
}
