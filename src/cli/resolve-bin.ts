import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

// A stub smaller than this is the npm placeholder left when the postinstall copy did not run.
const MIN_NATIVE_BYTES = 1_000_000;

function packageDir(name: string): string | undefined {
  try {
    return path.dirname(require.resolve(`${name}/package.json`));
  } catch {
    return undefined;
  }
}

/** Finds the `claude` binary: CLAUDE_BIN, else the one `npm install` brought, else PATH. */
export function resolveClaudeBin(override?: string): string {
  if (override) return override;
  const wrapper = packageDir('@anthropic-ai/claude-code');
  const copied = wrapper && path.join(wrapper, 'bin', 'claude.exe');
  if (copied && existsSync(copied) && statSync(copied).size > MIN_NATIVE_BYTES) return copied;
  for (const suffix of ['', '-musl']) {
    const native = packageDir(`@anthropic-ai/claude-code-${process.platform}-${process.arch}${suffix}`);
    const nativeBin = native && path.join(native, process.platform === 'win32' ? 'claude.exe' : 'claude');
    if (nativeBin && existsSync(nativeBin)) return nativeBin;
  }
  return 'claude';
}
