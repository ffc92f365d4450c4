import type { Context } from 'hono';
import type { AppEnv } from '../http/env.js';
import type { SessionTarget } from '../http/middleware/forward.js';
import { apiPath } from '../http/middleware/paths.js';
import type { SessionService } from '../sessions/session-service.js';
import { MANAGED_AGENTS_PREFIX, OPENAI_PREFIX } from './errors.js';
import { sessionOfRequest } from './openai/conversations.js';

// Shared mode: which session a compat request acts on, so it is forwarded to the replica running it.

const MANAGED_SESSION_PATH = new RegExp(`^${MANAGED_AGENTS_PREFIX}/sessions/([0-9a-z]{20})(?:/|$)`);
const CHAT_COMPLETIONS = `${OPENAI_PREFIX}/chat/completions`;

/** `/v1/sessions/{id}/…`: the session in the path. */
const managedAgentsSession: SessionTarget = (c) => MANAGED_SESSION_PATH.exec(apiPath(c))?.[1] ?? null;

/**
 * A chat completion continuing a session (`session_id`, or `user` naming one): the body is read
 * here (after the body limit); a body that does not parse is left to the route to refuse.
 */
function chatCompletionSession(service: SessionService): SessionTarget {
  return async (c: Context<AppEnv>) => {
    if (c.req.method !== 'POST' || apiPath(c) !== CHAT_COMPLETIONS) return null;
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      return null;
    }
    if (typeof body !== 'object' || body === null) return null;
    return sessionOfRequest(service, c.get('caller'), body as { session_id?: unknown; user?: unknown });
  };
}

export function compatSessionTargets(service: SessionService): SessionTarget[] {
  return [managedAgentsSession, chatCompletionSession(service)];
}
