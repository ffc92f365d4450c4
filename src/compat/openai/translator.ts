import type { ResultSummary, SessionEvent } from '../../sessions/events.js';

// Our session events → the pieces of an OpenAI chat completion (streamed as chunks, or folded
// into one message). One exhaustive switch: a new event type does not compile until placed here.

export interface OpenAiUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
}

export type FinishReason = 'stop' | 'length';

export type CompletionPiece =
  | { kind: 'content'; text: string }
  | { kind: 'finish'; reason: FinishReason; usage: OpenAiUsage | null }
  | { kind: 'error'; code: string; message: string; status: number };

/** What the translator remembers within one turn. */
export interface CompletionState {
  /** Text already streamed: later text blocks are separated from it by a blank line. */
  wroteText: boolean;
  /** A text block is being streamed by deltas (its final `assistant` line then adds nothing). */
  streamingBlock: boolean;
  /** Blocks whose text came as deltas, by the message id that carried them. */
  streamedMessages: Set<string>;
  currentMessageId: string | null;
}

export const newCompletionState = (): CompletionState => ({ wroteText: false, streamingBlock: false, streamedMessages: new Set(), currentMessageId: null });

export function usageOf(result: ResultSummary | null): OpenAiUsage | null {
  if (!result) return null;
  const u = result.usage;
  const prompt = u.inputTokens + u.cacheCreationInputTokens + u.cacheReadInputTokens;
  return { prompt_tokens: prompt, completion_tokens: u.outputTokens, total_tokens: prompt + u.outputTokens, prompt_tokens_details: { cached_tokens: u.cacheReadInputTokens } };
}

/** Why the turn stopped, in OpenAI's words: cut short by a turn or spend limit is `length`. */
export function finishReasonOf(result: ResultSummary | null): FinishReason {
  const subtype = result?.subtype ?? '';
  return subtype === 'error_max_turns' || subtype === 'error_max_budget_usd' ? 'length' : 'stop';
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function separated(state: CompletionState, text: string): CompletionPiece[] {
  if (!text) return [];
  const out = state.wroteText ? `\n\n${text}` : text;
  state.wroteText = true;
  return [{ kind: 'content', text: out }];
}

export function completionPieces(e: SessionEvent, state: CompletionState): CompletionPiece[] {
  switch (e.type) {
    case 'stream_event': {
      const ev = e.message.event as Record<string, unknown>;
      if (ev.type === 'message_start' && isObject(ev.message) && typeof ev.message.id === 'string') state.currentMessageId = ev.message.id;
      if (ev.type === 'content_block_start' && isObject(ev.content_block) && ev.content_block.type === 'text') {
        state.streamingBlock = true;
        if (state.currentMessageId) state.streamedMessages.add(state.currentMessageId);
        // The separator goes before the block's first delta.
        if (state.wroteText) {
          state.wroteText = false;
          return [{ kind: 'content', text: '\n\n' }];
        }
        return [];
      }
      if (ev.type === 'content_block_delta' && isObject(ev.delta) && ev.delta.type === 'text_delta' && typeof ev.delta.text === 'string') {
        if (!ev.delta.text) return [];
        state.wroteText = true;
        return [{ kind: 'content', text: ev.delta.text }];
      }
      if (ev.type === 'content_block_stop') state.streamingBlock = false;
      return [];
    }
    case 'assistant': {
      // Text already streamed as deltas comes again whole here: only undelivered text is sent.
      const id = typeof e.message.message.id === 'string' ? e.message.message.id : null;
      if (id && state.streamedMessages.has(id)) return [];
      const text = e.message.message.content
        .filter((b) => b.type === 'text' && typeof b.text === 'string')
        .map((b) => b.text)
        .join('');
      return separated(state, text);
    }
    case 'turn_finished':
      if (e.status === 'failed' && e.error && (!e.result || e.error.code === 'CLI_NOT_AUTHENTICATED' || e.result.isError)) {
        return [{ kind: 'error', code: e.error.code, message: e.error.message, status: 502 }];
      }
      return [{ kind: 'finish', reason: finishReasonOf(e.result), usage: usageOf(e.result) }];
    // The agent's own steps (tools, permissions, process) are not part of an OpenAI message.
    case 'turn_started':
    case 'queued':
    case 'process_started':
    case 'system':
    case 'user':
    case 'result':
    case 'warning':
    case 'context_reset':
    case 'permission_request':
    case 'permission_resolved':
    case 'permission_mode_changed':
    case 'budget_exceeded':
    case 'error':
      return [];
  }
}
