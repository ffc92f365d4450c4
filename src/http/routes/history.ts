import { Hono } from 'hono';
import type { Config } from '../../config.js';
import { ApiError } from '../../errors.js';
import type { SessionService } from '../../sessions/session-service.js';
import type { AppEnv } from '../env.js';
import type { Schemas } from '../schemas.js';
import { relaySse } from '../sse.js';
import { readQuery } from '../validate.js';
import { sessionParam } from './params.js';

export function historyRoutes(service: SessionService, config: Config, schemas: Schemas) {
  const app = new Hono<AppEnv>();

  app.get('/sessions/:id/messages', async (c) => {
    const id = sessionParam(c);
    const q = readQuery(c, schemas.historyQuery);
    const page = (await service.conversation(id, c.get('caller'))).page(q);
    return c.json({ sessionId: id, turns: page.turns, nextCursor: page.nextCursor });
  });

  // The session's whole stream: replays after Last-Event-ID (or ?after=), then follows live turns.
  app.get('/sessions/:id/events', async (c) => {
    const id = sessionParam(c);
    const q = readQuery(c, schemas.eventsQuery);
    const header = c.req.header('last-event-id');
    if (header !== undefined && !/^\d{1,15}$/.test(header)) {
      throw new ApiError('VALIDATION_FAILED', 'Last-Event-ID must be an event id', { fields: [{ path: 'Last-Event-ID', message: 'not an event id' }] });
    }
    const source = await service.followEvents(id, c.get('caller'), header !== undefined ? Number(header) : q.after);
    return relaySse(c, source, { keepaliveMs: config.sseKeepaliveMs });
  });

  return app;
}
