import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Config } from '../../config.js';
import { ApiError } from '../../errors.js';
import type { AppEnv } from '../../http/env.js';
import { readJson } from '../../http/validate.js';
import { requestSignal } from '../../http/node-bindings.js';
import type { SessionService } from '../../sessions/session-service.js';
import type { LiveSession } from '../../sessions/session.js';
import type { ActiveTurn } from '../../sessions/turn-runner.js';
import { asCompatError } from '../errors.js';
import { completionId, Conversations } from './conversations.js';
import { openaiErrorBody, openaiErrorResponse } from './errors.js';
import type { ChatCompletionRequest, OpenAiSchemas } from './schemas.js';
import { completionPieces, finishReasonOf, newCompletionState, usageOf, type CompletionPiece } from './translator.js';

/** The response header naming the session a completion ran in. */
export const SESSION_HEADER = 'x-session-id';

// OpenAI's chat completions over our sessions: a conversation is a session, a request is a turn.
export function openaiRoutes(service: SessionService, config: Config, schemas: OpenAiSchemas) {
  const app = new Hono<AppEnv>();
  const conversations = new Conversations(service, config);
  const models = () => [...new Set([config.defaultModel, ...config.models])];
  const modelView = (id: string) => ({ id, object: 'model' as const, created: 0, owned_by: 'anthropic' });

  app.get('/models', (c) => c.json({ object: 'list' as const, data: models().map(modelView) }));

  app.get('/models/:model', (c) => {
    const id = c.req.param('model');
    if (!models().includes(id)) throw new ApiError('NOT_FOUND', `no model ${id.slice(0, 200)}`);
    return c.json(modelView(id));
  });

  app.post('/chat/completions', async (c) => {
    const body = await readJson(c, schemas.chatCompletion);
    const caller = c.get('caller');
    const conv = await conversations.resolve(caller, body);
    const live = conv.live;
    c.set('sessionId', live.record.id);
    c.header(SESSION_HEADER, live.record.id);
    const before = live.events.lastId;
    let turn: ActiveTurn;
    try {
      turn = service.startTurn(live.record.id, caller, { prompt: conv.prompt, partialMessages: body.stream === true });
    } catch (err) {
      // A session made for this request alone must not outlive its refusal (busy queue, sandbox).
      if (conv.created && !body.user) await service.delete(live.record.id, caller, { keepWorkspace: false }).catch(() => {});
      throw err;
    }
    if (body.stream) return streamCompletion(c, live, turn, before, body, config.sseKeepaliveMs);
    interruptWhenGone(c, turn);
    const outcome = await turn.done;
    if (outcome.status === 'failed' && outcome.error) throw new ApiError(outcome.error.code, outcome.error.message);
    const usage = usageOf(outcome.result) ?? { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0, prompt_tokens_details: { cached_tokens: 0 } };
    return c.json({
      id: completionId(live.record.id, turn.id),
      object: 'chat.completion' as const,
      created: Math.floor(Date.now() / 1000),
      model: live.record.options.model,
      system_fingerprint: null,
      choices: [
        { index: 0, message: { role: 'assistant' as const, content: outcome.text, refusal: null }, logprobs: null, finish_reason: finishReasonOf(outcome.result) },
      ],
      usage,
    });
  });

  app.all('*', (c) => openaiErrorResponse(c, { code: 'NOT_FOUND', status: 404, message: `no route for ${c.req.method} ${c.req.path}` }));
  app.onError((err, c) => {
    const e = asCompatError(err);
    if (!e) c.get('logger')?.error({ err }, 'unhandled error');
    return openaiErrorResponse(c, e ?? { code: 'INTERNAL', status: 500, message: 'internal error' });
  });
  return app;
}

function streamCompletion(c: Context<AppEnv>, live: LiveSession, turn: ActiveTurn, before: number, body: ChatCompletionRequest, keepaliveMs: number): Response {
  const sub = live.events.subscribe({ afterId: before, filter: (e) => e.turnId === turn.id });
  const id = completionId(live.record.id, turn.id);
  const created = Math.floor(Date.now() / 1000);
  const model = live.record.options.model;
  const includeUsage = body.stream_options?.include_usage === true;
  const chunk = (delta: Record<string, unknown>, finish: string | null, usage?: unknown) =>
    JSON.stringify({
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      system_fingerprint: null,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      ...(includeUsage ? { usage: usage ?? null } : {}),
    });
  const streams = c.get('streams');
  return streamSSE(c, async (stream) => {
    streams?.opened('sse');
    // The client is gone: the turn stops as at Ctrl-C (the session keeps what was said).
    stream.onAbort(() => {
      sub.close();
      // Only while it runs: a finished turn's (warm) process may already serve the next one.
      if (live.turn === turn) turn.interrupt();
    });
    const keepalive = setInterval(() => void stream.write(': keepalive\n\n').catch(() => sub.close()), 15_000);
    const state = newCompletionState();
    try {
      await stream.writeSSE({ data: chunk({ role: 'assistant', content: '', refusal: null }, null) });
      let ended: CompletionPiece | null = null;
      for await (const event of sub) {
        let text = '';
        for (const p of completionPieces(event, state)) {
          if (p.kind === 'content') text += p.text;
          else ended = p;
        }
        if (text) await stream.writeSSE({ data: chunk({ content: text }, null) });
        if (ended) break;
      }
      if (ended?.kind === 'finish') {
        await stream.writeSSE({ data: chunk({}, ended.reason) });
        if (includeUsage) {
          const usage = ended.usage ?? { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0, prompt_tokens_details: { cached_tokens: 0 } };
          await stream.writeSSE({ data: JSON.stringify({ id, object: 'chat.completion.chunk', created, model, system_fingerprint: null, choices: [], usage }) });
        }
        await stream.writeSSE({ data: '[DONE]' });
        return;
      }
      // The OpenAI SDK raises an `error` data line as an APIError.
      const failure =
        ended?.kind === 'error'
          ? { code: ended.code as 'CLI_FAILED', status: ended.status, message: ended.message }
          : { code: 'INTERNAL' as const, status: 500, message: sub.closeReason === 'overflow' ? 'the stream fell too far behind and was dropped' : 'the stream ended early' };
      await stream.writeSSE({ data: JSON.stringify(openaiErrorBody(failure)) });
    } finally {
      streams?.closed('sse');
      clearInterval(keepalive);
      sub.close('done');
    }
  });
}

function interruptWhenGone(c: Context, turn: ActiveTurn): void {
  const signal = requestSignal(c);
  const onAbort = () => turn.interrupt();
  signal.addEventListener('abort', onAbort, { once: true });
  void turn.done.then(() => signal.removeEventListener('abort', onAbort));
}
