/**
 * A minimal environment for running the real `claude` CLI against the fake
 * Anthropic server (tests/support/fake-anthropic.ts).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (this file is tests/support/cli-env.ts). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Absolute path of the real CLI installed with the repo. */
export const CLAUDE_BIN = path.join(REPO_ROOT, 'node_modules', '.bin', 'claude');

export function cliEnv(opts: { baseUrl: string; home: string }): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: opts.home,
    CLAUDE_CONFIG_DIR: path.join(opts.home, '.claude'),
    ANTHROPIC_BASE_URL: opts.baseUrl,
    ANTHROPIC_API_KEY: 'test-key',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
    // Read by the CLI 2.1.197 (default 10, clamped to at most 15); 0 = no retries of
    // retryable API errors (5xx, 529, 408, 409, 429, connection errors).
    CLAUDE_CODE_MAX_RETRIES: '0',
    // The CLI keeps per-project scratch state (Bash tool task output etc.) under
    // $CLAUDE_CODE_TMPDIR/claude-<uid>/ (default /tmp); keep it inside the temp home.
    // The CLI creates the directory if it is missing.
    CLAUDE_CODE_TMPDIR: path.join(opts.home, 'tmp'),
    // We run as root: without this, --dangerously-skip-permissions /
    // bypassPermissions is refused under root.
    IS_SANDBOX: '1',
  };
}
