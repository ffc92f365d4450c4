import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { runCommand } from './run-command.js';
import type { RateLimiter } from './auth/rate-limits.js';
import type { SharedState } from './shared-state/shared-state.js';
import type { SessionStore } from './store/session-store.js';
import { buildChildEnv } from './cli/child-env.js';
import { resolveClaudeBin } from './cli/resolve-bin.js';
import type { Config } from './config.js';
import { SessionService, type RestoreReport } from './sessions/session-service.js';
import { JsonFileSessionStore } from './store/json-file-store.js';
import { TurnQueue } from './sessions/turn-queue.js';
import { Workspaces } from './sessions/workspace.js';
import { WebhookNotifier } from './notify/webhooks.js';
import { UsageLedger } from './usage/ledger.js';
import { WarmPool } from './sessions/warm-pool.js';
import { PrestartPool } from './sessions/prestart-pool.js';
import { DirectSpawner, type Spawner } from './cli/spawner.js';
import { HelperSpawner, helperBuilt, HELPER_BIN } from './cli/helper-spawner.js';
import { Registry } from 'prom-client';
import { Gateway } from './gateway/gateway.js';
import { credentialSource } from './gateway/credentials.js';
import type { RequestUsage } from './gateway/usage-tap.js';
import type { SandboxReport } from './sandbox/launcher.js';
import { selectSandbox } from './sandbox/select.js';
import { domainsFor } from './gateway/egress-policy.js';
import { SessionDirs } from './sandbox/session-dirs.js';
import { lockStateDir, tmpPathFor } from './store/state-lock.js';
import { ReplayBudget } from './sessions/replay-budget.js';
import { createMetrics, type Metrics } from './metrics/metrics.js';
import { ManagedAgents } from './compat/managed-agents/service.js';
import type { ManagedAgentsStore } from './compat/managed-agents/store.js';
import { JsonFileManagedAgentsStore } from './compat/managed-agents/file-store.js';

/** Everything stateful the HTTP app needs, built once from the config. */
export interface Runtime {
  service: SessionService;
  usage: UsageLedger;
  rateLimits: RateLimiter | null;
  restored: RestoreReport;
  cliVersion: () => string | null;
  /** How CLIs are confined (for /health). */
  sandbox: SandboxReport;
  /** Who starts CLIs (for /health). */
  spawner: Spawner['kind'];
  /** What the gateway forwards with (never the credential itself). */
  credential: () => string;
  /** Prometheus metrics on the runtime's own Registry (served by the app at /metrics). */
  metrics: Metrics;
  /** Agents, environments and the Managed Agents side of sessions (the /v1 surface). */
  managedAgents: ManagedAgents;
  close: () => Promise<void>;
}

/** The metrics of one runtime; made before it when the HTTP app must exist first (embedding). */
export function createRuntimeMetrics(): Metrics {
  return createMetrics(new Registry());
}

export async function createRuntime(
  config: Config,
  logger: Logger,
  /** Made by the embedding first: the HTTP app uses both before the runtime is ready. */
  opts: { metrics: Metrics; rateLimits: RateLimiter | null; shared?: SharedState | null },
): Promise<Runtime> {
  const { metrics } = opts;
  // First of all: a second instance on the same state must not touch it (it would "recover" live turns).
  const lock = await lockStateDir(config.stateDir);
  try {
    return await buildRuntime(config, logger, opts, lock);
  } catch (err) {
    await lock.release();
    throw err;
  }
}

async function buildRuntime(
  config: Config,
  logger: Logger,
  opts: { metrics: Metrics; rateLimits: RateLimiter | null; shared?: SharedState | null },
  lock: { release: () => Promise<void> },
): Promise<Runtime> {
  const { metrics } = opts;
  await mkdir(config.workspaceRoot, { recursive: true });
  const historyDir = path.join(config.stateDir, 'history');
  await mkdir(historyDir, { recursive: true, mode: 0o700 });
  const sessionDirs = new SessionDirs(config.sandbox.dir, config.claudeConfigDir);
  const onSaveError = (id: string, err: unknown) => logger.error({ sessionId: id, err }, 'could not save session record');
  // Shared mode: records, histories, usage and leases in Redis; otherwise this node's files.
  const shared = opts.shared ?? null;
  let store: SessionStore;
  if (shared) {
    await shared.connect(sessionDirs);
    store = shared.sessionStore(onSaveError);
  } else {
    const files = new JsonFileSessionStore(path.join(config.stateDir, 'sessions'), onSaveError);
    await files.init();
    store = files;
  }
  const bin = resolveClaudeBin(config.claudeBin);
  const credential = credentialSource(config.gateway, config.claudeConfigDir);
  const gateway: Gateway = new Gateway({
    upstream: config.gateway.upstream,
    credential,
    customHeaders: config.gateway.customHeaders,
    logger,
    onUsage: (sessionId: string, usage: RequestUsage): void => service.noteModelUsage(sessionId, usage),
    admit: (sessionId: string): string | null => service.modelRequestRefusal(sessionId),
    overBudget: (sessionId: string, usage: RequestUsage): boolean => service.replyOverBudget(sessionId, usage),
    egressAllowFor: (sessionId: string): readonly string[] => service.allowedDomains(sessionId),
    egressHosts: config.sandbox.egressHosts,
    needsCredential: config.gateway.needsCredential,
    onNoCredential: (sessionId: string): void => service.noteNoCredential(sessionId),
  });
  if (config.gateway.needsCredential && credential.describe() === 'none') {
    logger.warn('no Anthropic credential: set ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN / CLAUDE_CODE_OAUTH_TOKEN), or log in with `claude` as this user; until then turns fail with CLI_NOT_AUTHENTICATED');
  }
  const { launcher, unconfinedRefusal } = await selectSandbox(config.sandbox, { dirs: sessionDirs, gateway, bin, logger, stateDir: config.stateDir }).catch(async (err: unknown) => {
    await gateway.close();
    throw err;
  });
  const webhooks = config.webhook ? new WebhookNotifier(config.webhook, logger) : null;
  const ledger = shared
    ? shared.usageLedger()
    : new UsageLedger(path.join(config.stateDir, 'usage.json'), (err) => logger.error({ err: (err as Error).message }, 'usage ledger not written'));
  await ledger.load();
  // The pool tells the service which warm CLI a session has parked, so a restart can kill it.
  const warmPool = new WarmPool(config.maxWarmProcesses, config.warmIdleMs, logger, (sessionId, proc) => {
    service.noteWarmProcess(sessionId, proc?.pid ?? null, proc?.startTime ?? null);
  });
  const workspaces = new Workspaces(config.workspaceRoot);
  const childEnv = buildChildEnv(config.childBaseEnv);
  const spawner = await chooseSpawner(config.spawnHelper, config.stateDir, config.killGraceMs, logger);
  const queue = new TurnQueue(config.maxConcurrentTurns, config.maxQueuedTurns);
  const limits = {
    turnTimeoutMs: config.turnTimeoutMs,
    idleTimeoutMs: config.turnIdleTimeoutMs,
    resultExitGraceMs: config.resultExitGraceMs,
    killGraceMs: config.killGraceMs,
    stderrLimitBytes: config.stderrLimitBytes,
    maxLineBytes: config.maxLineBytes,
  };
  // Pre-started CLIs only where they can serve: a sandbox in force (or none chosen), and turns not all budgeted.
  // Not yet in shared mode: a pre-started CLI's id is this node's until adopted, and its sweep after a crash reads this node's state only.
  const prestartSize = unconfinedRefusal || config.keyBudget || shared ? 0 : config.prewarmProcesses;
  const prestart =
    prestartSize > 0
      ? new PrestartPool({
          size: prestartSize,
          idleMs: config.prewarmIdleMs,
          defaults: { model: config.defaultModel, permissionMode: config.defaultPermissionMode },
          bin,
          childEnv,
          limits,
          spawner,
          launcher,
          workspaces,
          allowDomains: domainsFor(config.sandbox.allowDomains, undefined),
          forget: async (id) => {
            gateway.revoke(id);
            await sessionDirs.remove(id);
          },
          // Counted with the parked warm CLIs against MAX_WARM_PROCESSES, and never started while every turn slot is busy.
          roomFor: (waiting) => warmPool.size + waiting < config.maxWarmProcesses && queue.active < config.maxConcurrentTurns,
          stateFile: path.join(config.stateDir, 'prestarted.json'),
          logger,
        })
      : null;
  const service: SessionService = new SessionService({
    prestart,
    usage: { ledger, keyBudget: config.keyBudget },
    config,
    logger,
    workspaces,
    sessionDirs,
    revokeGatewayToken: (id) => gateway.revoke(id),
    unconfinedRefusal,
    store,
    ...(shared ? { shared: shared.cluster, sharedEvents: shared.eventLogs } : {}),
    history: {
      historyDir,
      historyMaxTurnBytes: config.historyMaxTurnBytes,
      hub: {
        replayEvents: config.eventReplayBuffer,
        replayBytes: config.eventReplayBufferBytes,
        subscriberEvents: config.subscriberBuffer,
        subscriberBytes: config.subscriberBufferBytes,
        budget: new ReplayBudget(config.eventReplayTotalBytes),
      },
      observe: (record, event) => {
        ledger.observe(record, event);
        metrics.observe(record, event);
        webhooks?.observe(record, event);
      },
      ...(shared ? { openLog: shared.openLog } : {}),
    },
    turnDeps: {
      warmPool,
      defaultProcessMode: config.processMode,
      launcher,
      allowDomains: config.sandbox.allowDomains,
      persist: (live) => store.save(live.record),
      persistNow: (live) => {
        store.save(live.record);
        return store.saved(live.record.id);
      },
      bin,
      childEnv,
      queue,
      logger,
      maxTurnEvents: config.maxTurnEvents,
      maxTurnEventBytes: config.maxTurnEventBytes,
      fileScanMaxEntries: config.turnFileScanMaxEntries,
      permissionTimeoutMs: config.permissionTimeoutMs,
      limits,
      spawner,
    },
  });

  metrics.watch(() => service.stats());
  // Shared mode: in Redis, so an agent made through one replica is used through any.
  const managedAgentsStore: ManagedAgentsStore = shared
    ? shared.managedAgentsStore()
    : await JsonFileManagedAgentsStore.open(path.join(config.stateDir, 'managed-agents.json'), (err) => logger.error({ err }, 'could not save the Managed Agents store'));
  const managedAgents = new ManagedAgents(managedAgentsStore, service, config);
  const restored = await service.restore();
  if (prestart) {
    const swept = await prestart.init((id) => service.knows(id));
    if (swept) logger.info({ swept }, 'removed the workspaces of CLIs a previous server had pre-started');
    prestart.fill();
  }
  if (shared) {
    if (!shared.shared.nodeUrl) throw new Error('shared mode needs NODE_URL: where the other replicas reach this one');
    await shared.cluster.start(service, shared.shared.nodeUrl);
  }
  logger.info(
    { loaded: restored.loaded, corrupt: restored.corrupt.length, interruptedTurns: restored.interruptedTurns, orphansKilled: restored.orphansKilled },
    'sessions restored',
  );

  let cliVersion: string | null = null;
  let versionTimer: NodeJS.Timeout | undefined;
  // Asked in the background until it answers (a cold first start can take longer than the timeout):
  // /health reports it without spawning per request.
  const askVersion = (attempt: number): void => {
    void runCommand(bin, ['--version'], { cwd: config.workspaceRoot, env: buildChildEnv(config.childBaseEnv), timeout: 30_000 }).then((r) => {
      if (r.exitCode === 0) return void (cliVersion = r.stdout.trim());
      const retryMs = Math.min(60_000, 1_000 * 2 ** attempt);
      logger.warn({ bin, exitCode: r.exitCode, timedOut: r.timedOut, retryMs }, 'claude --version failed; asking again');
      versionTimer = setTimeout(() => askVersion(attempt + 1), retryMs);
      versionTimer.unref();
    });
  };
  askVersion(0);

  const sweeper = setInterval(() => void service.sweepExpired(), config.sweepIntervalMs);
  sweeper.unref();
  const auth = config.auth;
  logger.info(
    {
      bin,
      workspaceRoot: config.workspaceRoot,
      auth: auth.disabled ? 'disabled' : 'api-keys',
      keys: auth.keys.map((k) => (k.admin ? `${k.name} (admin)` : k.name)),
      rateLimit: config.rateLimit.enabled ? config.rateLimit : 'disabled',
      spawner: spawner.kind,
    },
    auth.disabled
      ? `authentication is OFF: every caller is one tenant (${config.host} ${auth.keys.length ? 'AUTH_DISABLED=true' : 'is loopback'})`
      : `authentication on: ${auth.keys.length} API key(s)`,
  );

  return {
    service,
    restored,
    rateLimits: opts.rateLimits,
    cliVersion: () => cliVersion,
    sandbox: launcher.report,
    spawner: spawner.kind,
    credential: () => credential.describe(),
    metrics,
    usage: ledger,
    managedAgents,
    close: async () => {
      clearInterval(sweeper);
      clearTimeout(versionTimer);
      await service.shutdown(config.shutdownGraceMs);
      await spawner.close();
      // After the turns ended: the leases go, other replicas take the sessions over at once.
      await shared?.close();
      await gateway.close();
      await launcher.close();
      await lock.release();
      await webhooks?.close(2_000);
      await ledger.flush();
      await managedAgentsStore.flush();
    },
  };
}

// The helper spares the server a fork of itself per CLI (~10 ms of its thread each); `auto` uses it when it was built and runs.
async function chooseSpawner(mode: Config['spawnHelper'], stateDir: string, graceMs: number, logger: Logger): Promise<Spawner> {
  if (mode === 'off') return new DirectSpawner();
  if (!helperBuilt()) {
    if (mode === 'on') throw new Error(`SPAWN_HELPER=on but ${HELPER_BIN} was not built (npm install builds it with a C compiler)`);
    logger.warn({ helper: HELPER_BIN }, 'the spawn helper was not built (no C compiler at install?): CLIs are spawned by the server itself');
    return new DirectSpawner();
  }
  // One socket dir per state dir (which only one server uses at a time): a restart clears what a killed one left.
  const socketDir = tmpPathFor('cca-spawn', stateDir);
  const helper = new HelperSpawner(logger, { socketDir, graceMs });
  try {
    await helper.start();
    return helper;
  } catch (err) {
    await helper.close();
    if (mode === 'on') throw err;
    logger.warn({ err }, 'the spawn helper could not start: CLIs are spawned by the server itself');
    return new DirectSpawner();
  }
}
