import { Hono, type Context } from 'hono';
import type { Config } from '../../config.js';
import { ApiError } from '../../errors.js';
import type { SessionService } from '../../sessions/session-service.js';
import type { ActiveTurn } from '../../sessions/turn-runner.js';
import type { PermissionPolicy } from '../../sessions/permissions.js';
import type { AppEnv } from '../env.js';
import type { Schemas } from '../schemas.js';
import { relaySse } from '../sse.js';
import { readJson, readQuery } from '../validate.js';
import { turnView } from '../views.js';
import { sessionParam } from './params.js';
import { requestSignal } from '../node-bindings.js';

interface TurnStart {
  prompt: string;
  partial: boolean;
  cancelOnDisconnect: boolean;
  permissionPolicy?: PermissionPolicy;
}

export function turnRoutes(service: SessionService, config: Config, schemas: Schemas) {
  const app = new Hono<AppEnv>();

  // Subscribes from just before the turn starts, so no event of it is missed.
  const streamTurn = (c: Context<AppEnv>, id: string, start: TurnStart) => {
    const live = service.get(id, c.get('caller'));
    const before = live.events.lastId;
    const turn = service.startTurn(id, c.get('caller'), {
      prompt: start.prompt,
      partialMessages: start.partial,
      permissionPolicy: start.permissionPolicy,
    });
    const sub = live.events.subscribe({ afterId: before, filter: (e) => e.turnId === turn.id });
    return relaySse(c, sub, {
      keepaliveMs: config.sseKeepaliveMs,
      until: (e) => e.type === 'turn_finished',
      // The turn belongs to the session: a vanished client only ends it when asked to.
      onAbort: () => {
        if (start.cancelOnDisconnect) turn.cancel();
      },
    });
  };

  app.post('/sessions/:id/messages', async (c) => {
    const id = sessionParam(c);
    const q = readQuery(c, schemas.messageQuery);
    const body = await readJson(c, schemas.sendMessage);
    const cancelOnDisconnect = body.cancelOnDisconnect ?? q.cancelOnDisconnect ?? false;
    const permissionPolicy = body.permissionPolicy;
    if (body.stream) return streamTurn(c, id, { prompt: body.prompt, partial: body.partial ?? false, cancelOnDisconnect, permissionPolicy });
    const turn = service.startTurn(id, c.get('caller'), { prompt: body.prompt, partialMessages: false, permissionPolicy });
    if (cancelOnDisconnect) cancelWhenGone(c, turn);
    const outcome = await turn.done;
    const reply = turnView(id, outcome);
    // A turn that produced no result at all is the CLI's failure, not a turn outcome; a service
    // without a model credential is the service's, whatever the CLI printed.
    if (outcome.error && outcome.status === 'failed' && (!outcome.result || outcome.error.code === 'CLI_NOT_AUTHENTICATED')) {
      throw new ApiError(outcome.error.code, outcome.error.message, { ...outcome.error.details, turn: reply });
    }
    return c.json(reply);
  });

  app.get('/sessions/:id/stream', (c) => {
    const id = sessionParam(c);
    const q = readQuery(c, schemas.streamQuery);
    return streamTurn(c, id, {
      prompt: q.prompt,
      partial: q.partial ?? false,
      cancelOnDisconnect: q.cancelOnDisconnect ?? false,
      permissionPolicy: q.permissionPolicy,
    });
  });

  app.post('/sessions/:id/interrupt', async (c) => {
    const id = sessionParam(c);
    const turn = service.interrupt(id, c.get('caller'));
    const outcome = await turn.done;
    return c.json({ sessionId: id, turnId: outcome.turnId, status: outcome.status, response: outcome.text });
  });

  return app;
}

function cancelWhenGone(c: Context, turn: ActiveTurn): void {
  const signal = requestSignal(c);
  const onAbort = () => turn.cancel();
  signal.addEventListener('abort', onAbort, { once: true });
  void turn.done.then(() => signal.removeEventListener('abort', onAbort));
}
