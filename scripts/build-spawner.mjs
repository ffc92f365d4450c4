// Builds native/build/cca-spawn (native/spawn-helper.c), the small process that starts CLIs so the
// server never forks itself. Run on install (`prepare`) and by `npm run build`. Without a C
// compiler it says so and exits 0: the server then spawns directly (SPAWN_HELPER=auto).
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'native', 'spawn-helper.c');
const out = path.join(root, 'native', 'build', 'cca-spawn');
const fresh = (() => {
  try {
    return statSync(out).mtimeMs >= statSync(src).mtimeMs;
  } catch {
    return false;
  }
})();
if (!fresh) {
  mkdirSync(path.dirname(out), { recursive: true });
  const cc = process.env.CC || 'cc';
  try {
    execFileSync(cc, ['-O2', '-Wall', '-Wextra', '-Werror', '-o', out, src], { stdio: 'inherit' });
  } catch (err) {
    console.warn(`build-spawner: could not compile ${path.relative(root, src)} with ${cc} (${err.message.split('\n')[0]}); CLIs will be spawned by the server itself`);
  }
}
