import type { Caller } from '../../auth/caller.js';
import type { Config } from '../../config.js';
import { ApiError } from '../../errors.js';
import type { SessionService } from '../../sessions/session-service.js';
import type { LiveSession } from '../../sessions/session.js';
import { isSessionId } from '../../sessions/session-ids.js';
import { contentText, type ChatCompletionRequest, type ChatMessage } from './schemas.js';

// Which of our sessions a chat completion continues, and what the turn's prompt is.

const USER_NAME_PREFIX = 'openai:user:';
// A completion id is `chatcmpl-<session id>-<turn id>`: handing it back as session_id continues it.
const COMPLETION_ID = /^chatcmpl-([0-9a-z]{20})-t_[0-9a-z]+$/;

export const completionId = (sessionId: string, turnId: string) => `chatcmpl-${sessionId}-${turnId}`;

export interface Conversation {
  live: LiveSession;
  created: boolean;
  prompt: string;
}

/** The session id named by `session_id` (a session id or a completion id), or null when it names none. */
export function sessionIdFrom(value: string): string | null {
  if (isSessionId(value)) return value;
  return COMPLETION_ID.exec(value)?.[1] ?? null;
}

/** The session a chat completion continues, by `session_id` or `user`; null: a new one (or none named). */
export async function sessionOfRequest(service: SessionService, caller: Caller, body: { session_id?: unknown; user?: unknown }): Promise<string | null> {
  if (typeof body.session_id === 'string') return sessionIdFrom(body.session_id);
  if (typeof body.user === 'string') return sessionNamed(service, caller, USER_NAME_PREFIX + body.user);
  return null;
}

/** The id of the newest session of this caller with this name (names are not unique in general), on any replica. */
async function sessionNamed(service: SessionService, caller: Caller, name: string): Promise<string | null> {
  let found: string | null = null;
  let cursor: string | undefined;
  do {
    const page = await service.listSnapshots({ owner: caller.owner, admin: false }, 200, cursor);
    for (const s of page.items) if (s.record.name === name) found = s.record.id;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return found;
}

export class Conversations {
  /** Creates under way per `user`, so two first requests of one user make one session. */
  private readonly creating = new Map<string, Promise<LiveSession>>();

  constructor(
    private readonly service: SessionService,
    private readonly config: Config,
  ) {}

  async resolve(caller: Caller, body: ChatCompletionRequest): Promise<Conversation> {
    const last = body.messages.at(-1)!;
    if (body.session_id !== undefined) {
      const id = sessionIdFrom(body.session_id);
      if (!id) throw new ApiError('SESSION_NOT_FOUND', 'no such session');
      return { live: this.service.get(id, caller), created: false, prompt: this.promptOf(last) };
    }
    if (body.user !== undefined) {
      const name = USER_NAME_PREFIX + body.user;
      const known = await this.findByName(caller, name);
      if (known) return { live: known, created: false, prompt: this.promptOf(last) };
      const key = `${caller.owner}\0${name}`;
      let pending = this.creating.get(key);
      const created = !pending;
      if (!pending) {
        pending = this.create(caller, body, name).finally(() => this.creating.delete(key));
        this.creating.set(key, pending);
      }
      const live = await pending;
      return { live, created, prompt: created ? this.foldedPrompt(body.messages) : this.promptOf(last) };
    }
    return { live: await this.create(caller, body, null), created: true, prompt: this.foldedPrompt(body.messages) };
  }

  private create(caller: Caller, body: ChatCompletionRequest, name: string | null): Promise<LiveSession> {
    // System and developer messages become the session's appended system prompt.
    const system = body.messages
      .filter((m) => m.role === 'system' || m.role === 'developer')
      .map((m) => contentText(m.content))
      .join('\n\n');
    if (system.length > this.config.maxPromptChars) throw new ApiError('VALIDATION_FAILED', `system messages are over ${this.config.maxPromptChars} characters`);
    return this.service.create({
      owner: caller.owner,
      admin: caller.admin,
      ...(name ? { name } : {}),
      options: {
        model: body.model,
        permissionMode: this.config.defaultPermissionMode,
        // Nobody can answer a permission request over this surface.
        permissionPolicy: 'deny',
        processMode: this.config.processMode,
        ...(system ? { appendSystemPrompt: system } : {}),
      },
    });
  }

  // The newest session of this caller with this name, wherever it runs (a forwarded request is on its owner).
  private async findByName(caller: Caller, name: string): Promise<LiveSession | null> {
    const id = await sessionNamed(this.service, caller, name);
    return id === null ? null : this.service.get(id, caller);
  }

  private promptOf(m: ChatMessage): string {
    return this.checked(contentText(m.content));
  }

  /** A new session has not seen the earlier messages: they are folded into its first prompt. */
  private foldedPrompt(messages: ChatMessage[]): string {
    const dialogue = messages.slice(0, -1).filter((m) => m.role === 'user' || m.role === 'assistant' || m.role === 'tool');
    const last = contentText(messages.at(-1)!.content);
    if (dialogue.length === 0) return this.checked(last);
    const lines = dialogue.map((m) => `${m.role === 'user' ? 'User' : m.role === 'assistant' ? 'Assistant' : 'Tool'}: ${contentText(m.content)}`);
    return this.checked(`The conversation so far:\n\n${lines.join('\n\n')}\n\nThe user's new message:\n\n${last}`);
  }

  private checked(prompt: string): string {
    if (!/\S/.test(prompt)) throw new ApiError('VALIDATION_FAILED', 'the last user message is empty', { fields: [{ path: 'messages', message: 'empty prompt' }] });
    if (prompt.length > this.config.maxPromptChars) {
      throw new ApiError('VALIDATION_FAILED', `the prompt is over ${this.config.maxPromptChars} characters`, { fields: [{ path: 'messages', message: 'too long' }] });
    }
    return prompt;
  }
}
