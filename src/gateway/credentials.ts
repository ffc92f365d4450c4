import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { GatewayConfig } from '../config.js';

// The operator's Anthropic credential, as upstream request headers. Configured (API key,
// bearer token, OAuth token) or, failing that, the host's own CLI login in the server's config
// dir, re-read when the file changes (the host's `claude` refreshes it).

export const NO_CREDENTIAL =
  'claude-code-api has no Anthropic credential: the operator sets ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN / CLAUDE_CODE_OAUTH_TOKEN), or logs in with `claude` as the service\'s user';

export type CredentialHeaders = Record<string, string>;

const OAUTH_BETA = 'oauth-2025-04-20';

const CredentialsFile = z.object({ claudeAiOauth: z.object({ accessToken: z.string().min(1), expiresAt: z.number().optional() }).optional() });

export interface CredentialSource {
  /** Headers to set upstream, or null when there is no credential at all. */
  headers(): CredentialHeaders | null;
  /** What kind of credential is in force, for /health and the start-up log (never its value). */
  describe(): 'api-key' | 'bearer' | 'oauth' | 'host-login' | 'none';
}

export function credentialSource(config: GatewayConfig, hostConfigDir: string): CredentialSource {
  const c = config.credential;
  if (c) {
    const headers: CredentialHeaders = c.kind === 'api-key' ? { 'x-api-key': c.value } : { authorization: `Bearer ${c.value}` };
    if (c.kind === 'oauth') headers['anthropic-beta'] = OAUTH_BETA;
    return { headers: () => headers, describe: () => c.kind };
  }
  return new HostLogin(path.join(hostConfigDir, '.credentials.json'));
}

// /health asks at every probe: what it reports may be this old (a model request looks every time).
const DESCRIBE_FRESH_MS = 1_000;

class HostLogin implements CredentialSource {
  private mtimeMs = -1;
  private token: string | null = null;
  private checkedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly file: string) {}

  headers(): CredentialHeaders | null {
    this.refresh();
    return this.token ? { authorization: `Bearer ${this.token}`, 'anthropic-beta': OAUTH_BETA } : null;
  }

  describe() {
    if (performance.now() - this.checkedAt >= DESCRIBE_FRESH_MS) this.refresh();
    return this.token ? ('host-login' as const) : ('none' as const);
  }

  // One stat per request; the file is parsed again only when it changed.
  private refresh(): void {
    this.checkedAt = performance.now();
    let mtimeMs = -1;
    try {
      // No login file: answered without building an error (a keyed deployment asks at every /health).
      mtimeMs = statSync(this.file, { throwIfNoEntry: false })?.mtimeMs ?? -1;
    } catch {
      // unreadable: no login
    }
    if (mtimeMs === -1) {
      this.token = null;
      this.mtimeMs = -1;
      return;
    }
    if (mtimeMs === this.mtimeMs) return;
    this.mtimeMs = mtimeMs;
    try {
      const parsed = CredentialsFile.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      this.token = parsed.success ? (parsed.data.claudeAiOauth?.accessToken ?? null) : null;
    } catch {
      this.token = null;
    }
  }
}

/** Adds the OAuth beta flag to whatever betas the CLI asked for. */
export function mergeBeta(existing: string | undefined, extra: string | undefined): string | undefined {
  if (!extra) return existing;
  const all = new Set([...(existing ?? '').split(','), ...extra.split(',')].map((s) => s.trim()).filter(Boolean));
  return [...all].join(',');
}
