import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/cli-env.js';

// No Docker engine runs here: what the image needs is checked from its files (and
// sandbox-nonroot.test.ts runs the service as the image's uid with the sandbox on).

const dockerfile = readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8');
const profile = JSON.parse(readFileSync(path.join(REPO_ROOT, 'docker', 'seccomp-bwrap.json'), 'utf8')) as {
  defaultAction: string;
  syscalls: Array<{ names: string[]; action: string }>;
};
const denied = new Set(profile.syscalls.filter((s) => s.action === 'SCMP_ACT_ERRNO').flatMap((s) => s.names));

describe('the Docker image', () => {
  it('installs the sandbox, runs as a non-root user, and keeps state on its volume', () => {
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
    expect(runtime).toMatch(/apt-get install[^\n]*\bbubblewrap\b/);
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/STATE_DIR=\/data\/state/);
    expect(runtime).toMatch(/SANDBOX=auto/);
    // The spawn helper is built in the build stage (it has the compiler) and required at run time.
    expect(dockerfile.slice(0, dockerfile.lastIndexOf('FROM '))).toMatch(/apt-get install[^\n]*\bgcc\b/);
    expect(runtime).toContain('COPY --from=build /app/native/build ./native/build');
    expect(runtime).toMatch(/SPAWN_HELPER=on/);
    // So is the gateway bridge (no socat in the image).
    expect(dockerfile).toMatch(/^COPY [^\n]*native\/gateway-bridge\.c/m);
    expect(runtime).toMatch(/SANDBOX_BRIDGE=native/);
    expect(runtime).toMatch(/VOLUME \["\/workspaces", "\/data"\]/);
  });

  it('starts the server with the same node flags as npm start', () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile.slice(dockerfile.lastIndexOf('FROM ')));
    expect(cmd).not.toBeNull();
    expect((JSON.parse(cmd![1]!) as string[]).join(' ')).toBe(pkg.scripts.start);
  });

  it('ships a seccomp profile that lets bubblewrap build namespaces and still refuses the kernel surface', () => {
    expect(profile.defaultAction).toBe('SCMP_ACT_ALLOW');
    for (const needed of ['unshare', 'clone', 'clone3', 'mount', 'umount2', 'pivot_root', 'prctl', 'setresuid', 'setresgid', 'capset', 'chroot']) {
      expect(denied.has(needed), needed).toBe(false);
    }
    for (const refused of ['kexec_load', 'init_module', 'finit_module', 'delete_module', 'bpf', 'perf_event_open', 'keyctl', 'add_key', 'open_by_handle_at', 'userfaultfd', 'reboot', 'setns', 'fsopen', 'move_mount']) {
      expect(denied.has(refused), refused).toBe(true);
    }
  });

  it('is documented with the flags it needs, and its example shows the API key it creates', () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const example = readme.slice(readme.indexOf('## Docker'), readme.indexOf('## Docker') + 1500);
    expect(example).toMatch(/KEY=\$\(openssl rand -hex 24\); echo "your API key: \$KEY"/);
    expect(example).toContain('API_KEYS=alice:$KEY');
    for (const flag of ['--security-opt seccomp=docker/seccomp-bwrap.json', '--security-opt apparmor=unconfined', '--security-opt systempaths=unconfined']) {
      expect(readme).toContain(flag);
    }
  });
});
