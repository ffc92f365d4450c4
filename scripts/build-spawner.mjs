// Builds the two small native programs: native/build/cca-spawn (native/spawn-helper.c), the
// process that starts CLIs so the server never forks itself, and native/build/cca-bridge
// (native/gateway-bridge.c), the gateway bridge inside each sandbox. Run on install (`prepare`)
// and by `npm run build`. Without a C compiler it says so and exits 0: the server then spawns
// directly (SPAWN_HELPER=auto) and bridges with socat (SANDBOX_BRIDGE=auto).
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const programs = [
  { src: 'spawn-helper.c', out: 'cca-spawn', without: 'CLIs will be spawned by the server itself' },
  { src: 'gateway-bridge.c', out: 'cca-bridge', without: 'sandboxes will bridge the gateway with socat' },
];
for (const p of programs) {
  const src = path.join(root, 'native', p.src);
  const out = path.join(root, 'native', 'build', p.out);
  const fresh = (() => {
    try {
      return statSync(out).mtimeMs >= statSync(src).mtimeMs;
    } catch {
      return false;
    }
  })();
  if (fresh) continue;
  mkdirSync(path.dirname(out), { recursive: true });
  const cc = process.env.CC || 'cc';
  try {
    execFileSync(cc, ['-O2', '-Wall', '-Wextra', '-Werror', '-o', out, src], { stdio: 'inherit' });
  } catch (err) {
    console.warn(`build-spawner: could not compile ${path.relative(root, src)} with ${cc} (${err.message.split('\n')[0]}); ${p.without}`);
  }
}
