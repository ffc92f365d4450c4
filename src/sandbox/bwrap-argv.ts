import { SANDBOX_UID, type SessionPaths } from './session-dirs.js';

/** Everything a sandbox is built from; all paths absolute and already checked to exist. */
export interface BwrapPlan {
  /** The CLI and its arguments, run inside. */
  command: string[];
  cwd: string;
  workspace: string;
  session: SessionPaths;
  /** Host dir holding the session's gateway socket, seen inside as /run/cca. */
  runDir: string;
  /** Read-only at the same path: the CLI's install dir, operator extras. */
  readOnly: string[];
  /** The sandbox's /etc: a copy of the allowed entries made at start (passwd and group come from `session.etc`). */
  etcDir: string;
  /** Top-level names that are symlinks into /usr on this host (/bin -> usr/bin, ...). */
  usrLinks: Array<{ name: string; target: string }>;
  /** Loopback port inside the sandbox where the gateway socket is bridged. */
  bridgePort: number;
  /** The host's native/build/cca-bridge, bound in read-only; null: socat bridges (bridgeScript). */
  bridgeBin: string | null;
  /** Forbid user namespaces inside (bwrap ≥ 0.8). */
  disableUserns: boolean;
}

export const GATEWAY_SOCKET_INSIDE = '/run/cca/gw.sock';
/** Where native/build/cca-bridge is bound in, read-only. */
export const BRIDGE_INSIDE = '/run/cca-bridge';
/** The loopback port inside every sandbox where the gateway is bridged. */
export const BRIDGE_PORT = 41_999;

// Without native/build/cca-bridge (no C compiler at install, or SANDBOX_BRIDGE=socat).
// In the sandbox's own network namespace only loopback exists: socat bridges a loopback port to
// the gateway's Unix socket, and the CLI starts once the port listens (read from the
// namespace's own /proc/net/tcp, state 0A = LISTEN). `nodelay`: with Nagle on, each small SSE
// chunk after the first waited for the CLI's delayed ACK (up to 40 ms).
// The wait is shell builtins only (no grep per try): it costs microseconds, not a process each.
export function bridgeScript(port: number): string {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  return [
    `socat TCP-LISTEN:${port},bind=127.0.0.1,fork,reuseaddr,nodelay UNIX-CONNECT:${GATEWAY_SOCKET_INSIDE} 2>/dev/null &`,
    `ready() { while read -r _ l _ st _; do [ "$l $st" = "0100007F:${hex} 0A" ] && return 0; done < /proc/net/tcp; return 1; }`,
    'i=0',
    `until ready; do i=$((i+1)); if [ $i -gt 100000 ]; then echo 'sandbox: the gateway bridge did not start' >&2; exit 125; fi; done`,
    'exec "$@"',
  ].join('\n');
}

/**
 * bwrap's arguments: an allow-list mount namespace (nothing of the host but /usr, chosen /etc
 * entries and the CLI's install dir, read-only; the workspace and private dirs read-write), its
 * own PID, network, IPC, UTS, cgroup and user namespaces, and an unprivileged uid. Everything in
 * it dies when the CLI exits (the CLI is the namespace's PID 1). Not --die-with-parent: a server
 * killed outright closes the CLI's stdin, and the CLI then writes out its transcript and exits,
 * which a SIGKILL from bwrap would not let it do. Later mounts go over earlier ones, so /tmp
 * comes before paths that may lie in it.
 */
export function bwrapArgv(plan: BwrapPlan): string[] {
  // --as-pid-1: the CLI is the namespace's init, so the kernel kills everything left in it (the bridge,
  // setsid/nohup children) the moment the CLI exits, however it exits.
  const a: string[] = ['--unshare-all', '--unshare-user', '--as-pid-1', '--uid', String(SANDBOX_UID), '--gid', String(SANDBOX_UID), '--hostname', 'sandbox'];
  if (plan.disableUserns) a.push('--disable-userns');
  a.push('--ro-bind', '/usr', '/usr');
  for (const l of plan.usrLinks) a.push('--symlink', l.target, `/${l.name}`);
  a.push('--dev', '/dev', '--proc', '/proc', '--ro-bind', plan.etcDir, '/etc');
  a.push('--ro-bind', `${plan.session.etc}/passwd`, '/etc/passwd', '--ro-bind', `${plan.session.etc}/group`, '/etc/group');
  a.push('--bind', plan.session.tmp, '/tmp', '--dir', '/var/tmp', '--dir', '/run', '--ro-bind', plan.runDir, '/run/cca');
  if (plan.bridgeBin) a.push('--ro-bind', plan.bridgeBin, BRIDGE_INSIDE);
  for (const p of plan.readOnly) a.push('--ro-bind', p, p);
  a.push('--bind', plan.workspace, plan.workspace, '--bind', plan.session.home, plan.session.home);
  a.push('--chdir', plan.cwd, '--');
  // cca-bridge listens, forks its relay and execs the CLI in its own place: no shell, no wait loop.
  if (plan.bridgeBin) a.push(BRIDGE_INSIDE, String(plan.bridgePort), GATEWAY_SOCKET_INSIDE, '--', ...plan.command);
  else a.push('/bin/sh', '-c', bridgeScript(plan.bridgePort), 'sh', ...plan.command);
  return a;
}
