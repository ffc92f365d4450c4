import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Caller } from '../auth/caller.js';
import type { IssuedTicket, TicketBook } from '../auth/ws-tickets.js';
import type { Keys } from './keys.js';
import { store } from './redis-connection.js';

const Stored = z.object({ caller: z.object({ owner: z.string(), admin: z.boolean() }), sessionId: z.string() });

/** WebSocket tickets in Redis (SET PX, redeemed with GETDEL): issued on one replica, spent on any. */
export class RedisWsTickets implements TicketBook {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly ttlMs = 60_000,
  ) {}

  async issue(caller: Caller, sessionId: string): Promise<IssuedTicket> {
    const ticket = randomBytes(24).toString('base64url');
    await store(() => this.redis.set(this.keys.ticket(ticket), JSON.stringify({ caller, sessionId }), 'PX', this.ttlMs));
    return { ticket, expiresAt: new Date(Date.now() + this.ttlMs).toISOString() };
  }

  async redeem(ticket: string, sessionId: string): Promise<Caller | null> {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(ticket)) return null;
    const raw = await store(() => this.redis.getdel(this.keys.ticket(ticket)));
    if (raw === null) return null;
    const parsed = Stored.safeParse(JSON.parse(raw));
    if (!parsed.success || parsed.data.sessionId !== sessionId) return null;
    return parsed.data.caller;
  }
}
