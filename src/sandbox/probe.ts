import { existsSync, lstatSync, readlinkSync } from 'node:fs';
import { runCommand } from '../run-command.js';
import { BRIDGE_INSIDE, BRIDGE_PORT } from './bwrap-argv.js';

// What this host offers a sandbox: bwrap that can make every namespace we ask for (user
// namespaces included), and the gateway bridge inside it (native/build/cca-bridge, or socat).
// Asked once at start.

export interface ProbeResult {
  ok: boolean;
  reason: string | null;
  bwrapVersion: string | null;
  /** bwrap ≥ 0.8 can forbid new user namespaces inside the sandbox (a large kernel attack surface). */
  disableUserns: boolean;
}

/** /bin, /lib, ... as symlinks into /usr where the host has a merged /usr; real dirs are bound read-only. */
export function usrLayout(): { links: Array<{ name: string; target: string }>; dirs: string[] } {
  const links: Array<{ name: string; target: string }> = [];
  const dirs: string[] = [];
  for (const name of ['bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32']) {
    const p = `/${name}`;
    if (!existsSync(p)) continue;
    const st = lstatSync(p);
    if (st.isSymbolicLink()) links.push({ name, target: readlinkSync(p) });
    else if (st.isDirectory()) dirs.push(p);
  }
  return { links, dirs };
}

/** bwrap's arguments for the host's /usr, read-only, with /bin, /lib, ... as the host has them. */
export function usrMountArgs(layout = usrLayout()): string[] {
  const args = ['--ro-bind', '/usr', '/usr'];
  for (const l of layout.links) args.push('--symlink', l.target, `/${l.name}`);
  for (const d of layout.dirs) args.push('--ro-bind', d, d);
  return args;
}

export async function probeBwrap(bridgeBin: string | null): Promise<ProbeResult> {
  const version = await runCommand('bwrap', ['--version'], { timeout: 10_000 });
  if (version.exitCode !== 0) return { ok: false, reason: 'bubblewrap (bwrap) is not installed', bwrapVersion: null, disableUserns: false };
  const help = await runCommand('bwrap', ['--help'], { timeout: 10_000 });
  const disableUserns = help.stdout.includes('--disable-userns');
  const args = ['--unshare-all', '--unshare-user', '--die-with-parent', '--uid', '1000', '--gid', '1000', ...usrMountArgs()];
  if (disableUserns) args.push('--disable-userns');
  if (bridgeBin) args.push('--dir', '/run', '--ro-bind', bridgeBin, BRIDGE_INSIDE);
  args.push('--proc', '/proc', '--dev', '/dev', '--');
  const uid = '[ "$(id -u)" = 1000 ] || { echo "the sandbox user is not uid 1000" >&2; exit 4; }';
  // The bridge as sandboxes run it: it must load, listen in the sandbox's own network and exec what follows.
  if (bridgeBin) args.push(BRIDGE_INSIDE, String(BRIDGE_PORT), '/run/gw.sock', '--', '/bin/sh', '-c', uid);
  else args.push('/bin/sh', '-c', `command -v socat >/dev/null || { echo "socat is not installed" >&2; exit 3; }; ${uid}`);
  const r = await runCommand('bwrap', args, { timeout: 10_000, env: { PATH: '/usr/bin:/bin' } });
  const bwrapVersion = version.stdout.trim();
  if (r.exitCode === 0) return { ok: true, reason: null, bwrapVersion, disableUserns };
  const said = (r.stderr || r.stdout).trim().split('\n').slice(-2).join(' ');
  return { ok: false, reason: said || `bwrap exited with ${r.exitCode ?? r.signal}`, bwrapVersion, disableUserns };
}
