import { Hono } from 'hono';
import type { UpgradeWebSocket, WSContext } from 'hono/ws';
import { z } from 'zod';
import type { TicketBook } from '../../auth/ws-tickets.js';
import { ApiError } from '../../errors.js';
import { replayThenFollow, type EventSource } from '../../history/replay.js';
import type { SessionService } from '../../sessions/session-service.js';
import type { AppEnv } from '../env.js';
import type { Schemas } from '../schemas.js';
import { sessionParam } from './params.js';

// A client that lets this much pile up unsent is too slow to follow the session: it is dropped.
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

export function wsRoutes(service: SessionService, schemas: Schemas, upgrade: UpgradeWebSocket, tickets: TicketBook) {
  const app = new Hono<AppEnv>();
  const Frame = z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('message'), prompt: schemas.sendMessage.shape.prompt, partial: z.boolean().optional(), permissionPolicy: schemas.sendMessage.shape.permissionPolicy }),
    z.strictObject({ type: z.literal('interrupt') }),
    z.strictObject({ type: z.literal('permission'), requestId: z.string().min(1).max(200), ...schemas.permissionAnswer.shape }),
    z.strictObject({ type: z.literal('ping') }),
  ]);
  const lastEventId = z.coerce.number().int().min(0).optional();

  app.post('/sessions/:id/ws-ticket', async (c) => {
    const id = sessionParam(c);
    service.get(id, c.get('caller'));
    return c.json({ sessionId: id, ...(await tickets.issue(c.get('caller'), id)) }, 201);
  });

  app.get('/sessions/:id/ws', async (c, next) => {
    const id = sessionParam(c);
    const caller = c.get('caller');
    const live = service.get(id, caller); // 404 before any upgrade
    const after = lastEventId.safeParse(c.req.query('lastEventId'));
    if (!after.success) throw new ApiError('VALIDATION_FAILED', 'lastEventId must be an event id');
    let source: EventSource | null = null;
    const streams = c.get('streams');
    let open = false;
    const closed = () => {
      source?.close();
      if (open) streams?.closed('ws');
      open = false;
    };
    const reply = (ws: WSContext, frame: object) => ws.send(JSON.stringify(frame));
    const fail = (ws: WSContext, err: unknown) =>
      reply(ws, { type: 'error', error: err instanceof ApiError ? { code: err.code, message: err.message } : { code: 'INTERNAL', message: 'internal error' } });

    const handler = upgrade(() => ({
      onOpen: (_e, ws) => {
        open = true;
        streams?.opened('ws');
        source = replayThenFollow(live, after.data ?? live.events.lastId);
        void (async () => {
          // Same events, same ids as the SSE streams.
          for await (const event of source!) {
            const raw = ws.raw as { bufferedAmount?: number } | undefined;
            if ((raw?.bufferedAmount ?? 0) > MAX_BUFFERED_BYTES) return ws.close(1013, 'too slow: reconnect with lastEventId');
            ws.send(JSON.stringify(event));
          }
          if (source?.closeReason === 'overflow') ws.close(1013, 'too slow: reconnect with lastEventId');
          else if (ws.readyState === 1) ws.close(1000, 'session closed');
        })();
      },
      onMessage: (e, ws) => {
        let frame: z.infer<typeof Frame>;
        try {
          const parsed = Frame.safeParse(JSON.parse(String(e.data)));
          if (!parsed.success) throw new ApiError('VALIDATION_FAILED', parsed.error.issues.map((i) => `${i.path.join('.') || 'frame'}: ${i.message}`).join('; '));
          frame = parsed.data;
        } catch (err) {
          return fail(ws, err instanceof ApiError ? err : new ApiError('INVALID_JSON', 'frame is not JSON'));
        }
        try {
          switch (frame.type) {
            case 'ping':
              return reply(ws, { type: 'pong' });
            case 'message': {
              const turn = service.startTurn(id, caller, { prompt: frame.prompt, partialMessages: frame.partial ?? false, permissionPolicy: frame.permissionPolicy });
              return reply(ws, { type: 'ack', for: 'message', turnId: turn.id });
            }
            case 'interrupt':
              service.interrupt(id, caller);
              return reply(ws, { type: 'ack', for: 'interrupt' });
            case 'permission': {
              const { type: _t, requestId, ...answer } = frame;
              service.answerPermission(id, caller, requestId, answer);
              return reply(ws, { type: 'ack', for: 'permission', requestId });
            }
          }
        } catch (err) {
          fail(ws, err);
        }
      },
      onClose: closed,
      onError: closed,
    }));
    return handler(c, next);
  });

  return app;
}
