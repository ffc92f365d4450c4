import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { SandboxConfig } from '../config.js';
import type { Gateway } from '../gateway/gateway.js';
import { probeCgroups } from './cgroups.js';
import { BwrapLauncher, DirectLauncher, type Launcher, type SandboxReport } from './launcher.js';
import { probeBwrap } from './probe.js';
import type { SessionDirs } from './session-dirs.js';

/** Built on install by scripts/build-spawner.mjs (native/gateway-bridge.c), beside the spawn helper. */
export const BRIDGE_BIN = fileURLToPath(new URL('../../native/build/cca-bridge', import.meta.url));

export class SandboxStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxStartError';
  }
}

export interface SelectedSandbox {
  launcher: Launcher;
  /** SANDBOX=auto without a working sandbox: why sessions that can run commands are refused. */
  unconfinedRefusal: string | null;
}

/** The one place that decides how CLIs start: SANDBOX=bwrap requires it, auto uses it where it works, none never. */
export async function selectSandbox(
  config: SandboxConfig,
  deps: { dirs: SessionDirs; gateway: Gateway; bin: string; logger: Logger; stateDir: string },
): Promise<SelectedSandbox> {
  const { logger } = deps;
  const unlimited = { version: null, controllers: [], maxProcesses: null, memoryBytes: null, cpus: null };
  const direct = async (reason: string | null): Promise<SelectedSandbox> => {
    const report: SandboxReport = { mode: 'none', requested: config.mode, reason, network: 'host', bridge: null, limits: unlimited };
    const launcher = new DirectLauncher(deps.dirs, deps.gateway, await deps.gateway.listenLoopback(), report);
    return { launcher, unconfinedRefusal: config.mode === 'auto' ? reason : null };
  };
  if (config.mode === 'none') {
    logger.warn('SANDBOX=none: every CLI runs as the server\'s user and can read and signal everything it can; use only with trusted tenants');
    return direct('SANDBOX=none');
  }
  const built = existsSync(BRIDGE_BIN);
  if (config.bridge === 'native' && !built) {
    throw new SandboxStartError(`SANDBOX_BRIDGE=native but ${BRIDGE_BIN} was not built (npm install builds it with a C compiler)`);
  }
  const bridgeBin = config.bridge !== 'socat' && built ? BRIDGE_BIN : null;
  const probe = await probeBwrap(bridgeBin);
  if (!probe.ok) {
    if (config.mode === 'bwrap') throw new SandboxStartError(`SANDBOX=bwrap, but bubblewrap cannot run here: ${probe.reason}`);
    logger.warn({ reason: probe.reason }, 'SANDBOX=auto: no working sandbox on this host; sessions that can run commands will be refused (install bubblewrap, and socat where native/build/cca-bridge was not built, or set SANDBOX=none)');
    return direct(probe.reason);
  }
  const cgroups = await probeCgroups({ maxProcesses: config.maxProcesses, memoryBytes: config.memoryBytes, cpus: config.cpus });
  const has = (c: string) => cgroups.report.controllers.includes(c);
  const report: SandboxReport = {
    mode: 'bwrap',
    requested: config.mode,
    reason: null,
    network: config.allowDomains.length ? 'allow-list' : 'gateway-only',
    bridge: bridgeBin ? 'native' : 'socat',
    limits: {
      ...cgroups.report,
      maxProcesses: has('pids') ? config.maxProcesses : null,
      memoryBytes: has('memory') ? config.memoryBytes : null,
      cpus: has('cpu') ? config.cpus : null,
    },
  };
  if (!cgroups.report.version) logger.warn({ reason: cgroups.report.reason }, 'sandbox: no cgroup is delegated to this service, so sandboxes run without process, memory and CPU limits');
  logger.info({ bwrap: probe.bwrapVersion, cgroups: cgroups.report, network: report.network, bridge: report.bridge }, 'sandbox: every CLI runs in its own bubblewrap sandbox');
  const launcher = await BwrapLauncher.create(config, { ...deps, cgroups, report, disableUserns: probe.disableUserns, bridgeBin });
  return { launcher, unconfinedRefusal: null };
}
