import { randomBytes } from 'node:crypto';
import type { Caller } from './caller.js';

interface Ticket {
  caller: Caller;
  sessionId: string;
  expiresAt: number;
}

export interface IssuedTicket {
  ticket: string;
  expiresAt: string;
}

/** Where tickets are kept: this process (WsTickets) or Redis, so any replica can redeem them. */
export interface TicketBook {
  issue(caller: Caller, sessionId: string): IssuedTicket | Promise<IssuedTicket>;
  redeem(ticket: string, sessionId: string): Caller | null | Promise<Caller | null>;
}

/**
 * Short-lived, single-use tickets for browser WebSockets, which cannot set headers: the key
 * never travels in a URL, only a ticket worth one connection to one session for a minute.
 */
export class WsTickets implements TicketBook {
  private readonly tickets = new Map<string, Ticket>();

  constructor(
    private readonly ttlMs = 60_000,
    private readonly max = 10_000,
  ) {}

  issue(caller: Caller, sessionId: string): IssuedTicket {
    this.sweep();
    // Bounded: the oldest tickets make room (Map keeps insertion order).
    while (this.tickets.size >= this.max) this.tickets.delete(this.tickets.keys().next().value!);
    const ticket = randomBytes(24).toString('base64url');
    const expiresAt = Date.now() + this.ttlMs;
    this.tickets.set(ticket, { caller, sessionId, expiresAt });
    return { ticket, expiresAt: new Date(expiresAt).toISOString() };
  }

  /** The ticket's caller when it is valid for this session; the ticket is spent either way. */
  redeem(ticket: string, sessionId: string): Caller | null {
    const t = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    if (!t || t.expiresAt < Date.now() || t.sessionId !== sessionId) return null;
    return t.caller;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [k, t] of this.tickets) if (t.expiresAt < now) this.tickets.delete(k);
  }
}
