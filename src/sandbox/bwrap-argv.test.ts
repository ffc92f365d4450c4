import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { bridgeScript, bwrapArgv, type BwrapPlan } from './bwrap-argv.js';

const session = { root: '/s/abc', home: '/s/abc/home', configDir: '/s/abc/home/.claude', tmp: '/s/abc/tmp', etc: '/s/abc/etc' };
const plan: BwrapPlan = {
  command: ['/opt/cli/claude', '-p', '--model', 'sonnet'],
  cwd: '/tmp/ws/abc',
  workspace: '/tmp/ws/abc',
  session,
  runDir: '/tmp/run/abc',
  readOnly: ['/opt/cli'],
  etcDir: '/tmp/run/etc',
  usrLinks: [{ name: 'bin', target: 'usr/bin' }],
  bridgePort: 41999,
  bridgeBin: '/app/native/build/cca-bridge',
  disableUserns: true,
};
const socatPlan: BwrapPlan = { ...plan, bridgeBin: null };

/** [flag, source, dest] of every mount, in order. */
function mounts(argv: string[]): Array<[string, string, string]> {
  const out: Array<[string, string, string]> = [];
  for (let i = 0; i < argv.indexOf('--'); i++) {
    if (['--bind', '--ro-bind'].includes(argv[i]!)) out.push([argv[i]!, argv[i + 1]!, argv[i + 2]!]);
  }
  return out;
}

describe('bwrapArgv', () => {
  const argv = bwrapArgv(plan);

  it('unshares every namespace, drops to an unprivileged uid, forbids nested user namespaces', () => {
    // --unshare-all only tries a user namespace; the sandbox needs one (its uid, --disable-userns).
    expect(argv.slice(0, 4)).toEqual(['--unshare-all', '--unshare-user', '--as-pid-1', '--uid']);
    expect(argv).toContain('--disable-userns');
    expect(argv).not.toContain('--share-net');
    expect(argv[argv.indexOf('--uid') + 1]).toBe('1000');
  });

  it('binds only the allow-list, read-write only the workspace and the private dirs', () => {
    expect(mounts(argv)).toEqual([
      ['--ro-bind', '/usr', '/usr'],
      ['--ro-bind', '/tmp/run/etc', '/etc'],
      ['--ro-bind', '/s/abc/etc/passwd', '/etc/passwd'],
      ['--ro-bind', '/s/abc/etc/group', '/etc/group'],
      ['--bind', '/s/abc/tmp', '/tmp'], // before the workspace, which may lie under /tmp
      ['--ro-bind', '/tmp/run/abc', '/run/cca'],
      ['--ro-bind', '/app/native/build/cca-bridge', '/run/cca-bridge'],
      ['--ro-bind', '/opt/cli', '/opt/cli'],
      ['--bind', '/tmp/ws/abc', '/tmp/ws/abc'],
      ['--bind', '/s/abc/home', '/s/abc/home'],
    ]);
  });

  it('runs the CLI through the native bridge, which execs it with its argv untouched', () => {
    const cmd = argv.slice(argv.indexOf('--') + 1);
    expect(cmd).toEqual(['/run/cca-bridge', '41999', '/run/cca/gw.sock', '--', '/opt/cli/claude', '-p', '--model', 'sonnet']);
    expect(argv[argv.indexOf('--chdir') + 1]).toBe('/tmp/ws/abc');
  });

  it('without the native bridge, runs the CLI after socat listens, its argv untouched', () => {
    const socatArgv = bwrapArgv(socatPlan);
    expect(socatArgv).not.toContain('/run/cca-bridge');
    const cmd = socatArgv.slice(socatArgv.indexOf('--') + 1);
    expect(cmd.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    expect(cmd[2]).toBe(bridgeScript(41999));
    expect(cmd.slice(3)).toEqual(['sh', '/opt/cli/claude', '-p', '--model', 'sonnet']);
  });

  it('waits for the bridge port in hex, as /proc/net/tcp writes it', () => {
    expect(bridgeScript(41999)).toContain('"0100007F:A40F 0A"');
    expect(bridgeScript(80)).toContain('"0100007F:0050 0A"');
  });

  // Without TCP_NODELAY, socat held each small SSE chunk back until the CLI acknowledged the
  // previous one, and the CLI's delayed ACK made that up to 40 ms (warm turns 64 → 34 ms median).
  it('bridges with Nagle off on the CLI side', () => {
    expect(bridgeScript(41999)).toMatch(/socat TCP-LISTEN:41999,[^ ]*\bnodelay\b[^ ]* UNIX-CONNECT:/);
  });
});

describe('sandbox configuration', () => {
  it('refuses a read-only path that would show the workspaces or the state', () => {
    for (const p of ['/', '/data', '/data/ws']) {
      expect(() => loadConfig({ WORKSPACE_ROOT: '/data/ws', SANDBOX_READ_ONLY_PATHS: p })).toThrow(/holds the workspaces/);
    }
    expect(loadConfig({ WORKSPACE_ROOT: '/data/ws', SANDBOX_READ_ONLY_PATHS: '/opt/tools' }).sandbox.readOnlyPaths).toEqual(['/opt/tools']);
  });

  it('refuses what is not a domain or a name=ip pin, and keeps state out of the workspace root', () => {
    expect(() => loadConfig({ SANDBOX_ALLOW_DOMAINS: 'http://x.com' })).toThrow(/not a domain/);
    expect(() => loadConfig({ SANDBOX_EGRESS_HOSTS: 'mirror=not-an-ip' })).toThrow(/name=ip/);
    const c = loadConfig({ WORKSPACE_ROOT: '/data/ws', SANDBOX_ALLOW_DOMAINS: 'registry.npmjs.org,*.GitHub.com' });
    expect(c.sandbox.allowDomains).toEqual(['registry.npmjs.org', '*.github.com']);
    expect(c.stateDir).toBe('/data/ws-state');
    expect(c.sandbox.dir).toBe('/data/ws-state/sandboxes');
  });
});
