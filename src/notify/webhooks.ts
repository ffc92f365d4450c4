import { createHmac } from 'node:crypto';
import type { Logger } from 'pino';
import type { SessionEvent } from '../sessions/events.js';
import type { SessionRecord } from '../sessions/session.js';

export interface WebhookConfig {
  url: string;
  secret: string | undefined;
  maxQueue: number;
  retries: number;
  timeoutMs: number;
}

// Events worth a notification: a long-running agent needs no open connection to learn of them.
const NOTIFY = new Set(['permission_request', 'turn_finished']);

/** Signature of a delivery: HMAC-SHA256 over `<timestamp>.<body>`, hex. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** Delivers notifications one at a time, with retries and a bounded queue (oldest dropped first). */
export class WebhookNotifier {
  private readonly queue: string[] = [];
  private running: Promise<void> | null = null;
  private closed = false;
  dropped = 0;

  constructor(
    private readonly config: WebhookConfig,
    private readonly logger: Logger,
  ) {}

  observe(record: SessionRecord, event: SessionEvent): void {
    if (!NOTIFY.has(event.type) || this.closed) return;
    const body = JSON.stringify({ type: event.type, sessionId: record.id, owner: record.owner, sessionName: record.name, event });
    if (this.queue.length >= this.config.maxQueue) {
      this.queue.shift();
      this.dropped++;
      this.logger.warn({ dropped: this.dropped }, 'webhook queue full: oldest notification dropped');
    }
    this.queue.push(body);
    this.running ??= this.drain().finally(() => (this.running = null));
  }

  /** Waits for queued deliveries up to `graceMs`, then gives up on the rest. */
  async close(graceMs: number): Promise<void> {
    this.closed = true;
    if (this.running) await Promise.race([this.running, new Promise((r) => setTimeout(r, graceMs).unref())]);
  }

  private async drain(): Promise<void> {
    for (let body = this.queue.shift(); body !== undefined; body = this.queue.shift()) {
      await this.deliver(body);
    }
  }

  private async deliver(body: string): Promise<void> {
    for (let attempt = 0; attempt <= this.config.retries; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(30_000, 500 * 4 ** (attempt - 1))).unref());
      const timestamp = String(Math.floor(Date.now() / 1000));
      const headers: Record<string, string> = { 'content-type': 'application/json', 'x-webhook-timestamp': timestamp };
      if (this.config.secret) headers['x-webhook-signature'] = `sha256=${signWebhook(this.config.secret, timestamp, body)}`;
      try {
        const res = await fetch(this.config.url, { method: 'POST', body, headers, signal: AbortSignal.timeout(this.config.timeoutMs) });
        await res.body?.cancel();
        if (res.ok) return;
        // A 4xx other than 408/429 will not get better by retrying.
        if (res.status < 500 && res.status !== 408 && res.status !== 429) break;
      } catch {
        // network error or timeout: retry
      }
    }
    this.logger.warn({ url: this.config.url }, 'webhook delivery failed');
  }
}
