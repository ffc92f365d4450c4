import { randomBytes, timingSafeEqual } from 'node:crypto';

// Per-session gateway tokens: what a CLI holds instead of the operator's credential. A token
// names one session and dies with it (or with the server: tokens are never stored).

const PREFIX = 'cca-gw-';

export class GatewayTokens {
  private readonly bySession = new Map<string, string>();
  private readonly byToken = new Map<string, string>();

  /** The session's token, made on first use. */
  issue(sessionId: string): string {
    let token = this.bySession.get(sessionId);
    if (!token) {
      token = PREFIX + randomBytes(24).toString('base64url');
      this.bySession.set(sessionId, token);
      this.byToken.set(token, sessionId);
    }
    return token;
  }

  revoke(sessionId: string): void {
    const token = this.bySession.get(sessionId);
    if (token === undefined) return;
    this.bySession.delete(sessionId);
    this.byToken.delete(token);
  }

  /** The session a presented token belongs to, or null. */
  sessionOf(presented: string | undefined): string | null {
    if (!presented || !presented.startsWith(PREFIX)) return null;
    const sessionId = this.byToken.get(presented);
    if (sessionId === undefined) return null;
    // The map lookup already matched; compare once more in constant time against the stored token.
    const stored = this.bySession.get(sessionId)!;
    const a = Buffer.from(presented);
    const b = Buffer.from(stored);
    return a.length === b.length && timingSafeEqual(a, b) ? sessionId : null;
  }

  get size(): number {
    return this.bySession.size;
  }
}
