import type { ErrorCode } from '../../errors.js';
import type { SessionEvent } from '../../sessions/events.js';
import { TOOLSET_TOOLS } from './schemas.js';

// Our session events → Managed Agents events (the SDK's BetaManagedAgentsStreamSessionEvents).
// One exhaustive switch, used for both the event list and the live stream, so both say the same.
//
// Ids: every output event has a position `N.k` (the k-th event made from our event N), used as
// the SSE id and the list cursor, so Last-Event-ID resumes exactly. Its `id` field is the
// position as `sevt_N_k`, except where another id must refer to it: tool uses keep the model's
// tool_use id (tool results, confirmations and requires_action name it), agent messages are
// named after their model message (so `event_start` / `event_delta` previews can name them
// before they exist), and the echoes of sent events have the id their POST returned.

export type DeltaType = 'agent.message' | 'agent.thinking';

export interface ManagedEvent {
  /** `N.k`: the SSE id and the list cursor. */
  position: string;
  event: { type: string; id?: string } & Record<string, unknown>;
}

/** What the translation of one turn remembers; rebuilt by translating from the turn's start. */
export interface TranslatorState {
  /** The model message being produced, and how many of its blocks were seen. */
  message: string | null;
  blocks: Map<string, number>;
  spanStart: { id: string; usage: Record<string, unknown> } | null;
  spanUsage: Record<string, unknown>;
  mcpToolUses: Set<string>;
  /** Confirmations awaited: permission request id → the tool use event id. */
  pending: Map<string, string>;
  budgetReached: boolean;
}

export const newTranslatorState = (): TranslatorState => ({
  message: null,
  blocks: new Map(),
  spanStart: null,
  spanUsage: {},
  mcpToolUses: new Set(),
  pending: new Map(),
  budgetReached: false,
});

/** The id a confirmation sent for this permission request gets (its POST answers with it). */
export const confirmationEventId = (requestId: string) => `sevt_confirm_${requestId}`;
/** The id a `user.interrupt` of this turn gets. */
export const interruptEventId = (turnId: string) => `sevt_interrupt_${turnId}`;
/** The id of the `user.message` made from our event N (a turn's start). */
export const userMessageEventId = (eventId: number) => `sevt_${eventId}_0`;
const messageEventId = (messageId: string, index: number) => `sevt_${messageId}_${index}`;

const CLI_TO_MANAGED: Record<string, string> = Object.fromEntries(Object.entries(TOOLSET_TOOLS).map(([k, v]) => [v, k]));

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown) => (typeof v === 'number' ? v : 0);

function modelUsage(u: Obj) {
  return {
    input_tokens: num(u.input_tokens),
    output_tokens: num(u.output_tokens),
    cache_read_input_tokens: num(u.cache_read_input_tokens),
    cache_creation_input_tokens: num(u.cache_creation_input_tokens),
  };
}

/** Tool result content as the SDK's blocks: text stays text, anything else is shown as JSON text. */
function resultContent(content: unknown): Array<{ type: 'text'; text: string }> {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (!Array.isArray(content)) return content === undefined ? [] : [{ type: 'text', text: JSON.stringify(content) }];
  return content.map((b: unknown) => (isObj(b) && b.type === 'text' && typeof b.text === 'string' ? { type: 'text' as const, text: b.text } : { type: 'text' as const, text: JSON.stringify(b) }));
}

function errorType(code: ErrorCode): string {
  switch (code) {
    case 'CLI_FAILED':
    case 'TURN_TIMEOUT':
      return 'model_request_failed_error';
    case 'BUDGET_EXCEEDED':
    case 'CLI_NOT_AUTHENTICATED':
      return 'billing_error';
    default:
      return 'unknown_error';
  }
}

/** The Managed Agents events of one of our events. `deltas`: the previews a stream asked for (none for lists). */
export function translate(e: SessionEvent, state: TranslatorState, deltas: ReadonlySet<DeltaType> = new Set()): ManagedEvent[] {
  const at = e.at;
  const out: ManagedEvent[] = [];
  const push = (event: ManagedEvent['event']) => {
    const k = out.length;
    // Previews have no id of their own: they name the event they build.
    const preview = event.type === 'event_start' || event.type === 'event_delta';
    out.push({ position: `${e.id}.${k}`, event: preview ? event : { ...event, id: event.id ?? `sevt_${e.id}_${k}` } });
  };
  switch (e.type) {
    case 'turn_started':
      Object.assign(state, newTranslatorState());
      push({ type: 'user.message', id: userMessageEventId(e.id), content: [{ type: 'text', text: e.prompt }], processed_at: at });
      push({ type: 'session.status_running', processed_at: at });
      break;
    case 'system':
      if (e.message.subtype === 'compact_boundary') push({ type: 'agent.thread_context_compacted', processed_at: at });
      break;
    case 'stream_event': {
      const ev = e.message.event as Obj;
      if (ev.type === 'message_start' && isObj(ev.message)) {
        const id = typeof ev.message.id === 'string' ? ev.message.id : `m${e.id}`;
        state.message = id;
        state.blocks.set(id, 0);
        const usage = isObj(ev.message.usage) ? ev.message.usage : {};
        state.spanStart = { id: `sevt_${e.id}_0`, usage };
        state.spanUsage = { ...usage };
        push({ type: 'span.model_request_start', processed_at: at });
      } else if (ev.type === 'content_block_start' && state.message && isObj(ev.content_block) && typeof ev.index === 'number') {
        const kind = ev.content_block.type === 'text' ? 'agent.message' : ev.content_block.type === 'thinking' ? 'agent.thinking' : null;
        if (kind && deltas.has(kind)) push({ type: 'event_start', event: { type: kind, id: messageEventId(state.message, ev.index) } });
      } else if (ev.type === 'content_block_delta' && state.message && isObj(ev.delta) && typeof ev.index === 'number') {
        if (ev.delta.type === 'text_delta' && typeof ev.delta.text === 'string' && deltas.has('agent.message')) {
          push({ type: 'event_delta', event_id: messageEventId(state.message, ev.index), delta: { type: 'content_delta', content: { type: 'text', text: ev.delta.text } } });
        }
      } else if (ev.type === 'message_delta' && isObj(ev.usage)) {
        state.spanUsage = { ...state.spanUsage, ...ev.usage };
      } else if (ev.type === 'message_stop') {
        push({
          type: 'span.model_request_end',
          model_request_start_id: state.spanStart?.id ?? '',
          is_error: false,
          model_usage: modelUsage(state.spanUsage),
          processed_at: at,
        });
        state.spanStart = null;
      }
      break;
    }
    case 'assistant': {
      const msg = e.message.message as Obj;
      const messageId = typeof msg.id === 'string' ? msg.id : `m${e.id}`;
      for (const block of e.message.message.content as Obj[]) {
        const index = state.blocks.get(messageId) ?? 0;
        state.blocks.set(messageId, index + 1);
        if (block.type === 'text' && typeof block.text === 'string') {
          push({ type: 'agent.message', id: messageEventId(messageId, index), content: [{ type: 'text', text: block.text }], processed_at: at });
        } else if (block.type === 'thinking' || block.type === 'redacted_thinking') {
          push({ type: 'agent.thinking', id: messageEventId(messageId, index), processed_at: at });
        } else if (block.type === 'tool_use' && typeof block.id === 'string' && typeof block.name === 'string') {
          const input = isObj(block.input) ? block.input : {};
          const mcp = /^mcp__([^_]+(?:_[^_]+)*?)__(.+)$/.exec(block.name);
          if (mcp) {
            state.mcpToolUses.add(block.id);
            push({ type: 'agent.mcp_tool_use', id: block.id, mcp_server_name: mcp[1]!, name: mcp[2]!, input, processed_at: at });
          } else {
            push({ type: 'agent.tool_use', id: block.id, name: CLI_TO_MANAGED[block.name] ?? block.name, input, processed_at: at });
          }
        }
      }
      break;
    }
    case 'user': {
      const content = e.message.message.content;
      if (!Array.isArray(content)) break;
      for (const block of content as Obj[]) {
        if (block.type !== 'tool_result' || typeof block.tool_use_id !== 'string') continue;
        const common = { content: resultContent(block.content), is_error: block.is_error === true, processed_at: at };
        if (state.mcpToolUses.has(block.tool_use_id)) push({ type: 'agent.mcp_tool_result', mcp_tool_use_id: block.tool_use_id, ...common });
        else push({ type: 'agent.tool_result', tool_use_id: block.tool_use_id, ...common });
      }
      break;
    }
    case 'permission_request':
      state.pending.set(e.requestId, e.toolUseId ?? e.requestId);
      push({ type: 'session.status_idle', stop_reason: { type: 'requires_action', event_ids: [...state.pending.values()] }, stop_details: null, processed_at: at });
      break;
    case 'permission_resolved': {
      const toolUseId = state.pending.get(e.requestId);
      // Decided by the session's own policy: nobody was asked.
      if (e.by === 'policy') break;
      state.pending.delete(e.requestId);
      if (e.by === 'client' && e.decision !== 'withdrawn') {
        push({ type: 'user.tool_confirmation', id: confirmationEventId(e.requestId), tool_use_id: toolUseId ?? e.requestId, result: e.decision, deny_message: e.decision === 'deny' ? e.message : null, processed_at: at });
      }
      if (state.pending.size === 0 && e.by !== 'turn_ended') push({ type: 'session.status_running', processed_at: at });
      break;
    }
    case 'budget_exceeded':
      state.budgetReached = true;
      break;
    case 'error':
      push({ type: 'session.error', error: { type: errorType(e.code), message: e.message, retry_status: { type: 'terminal' } }, processed_at: at });
      break;
    case 'turn_finished': {
      if (e.endReason === 'interrupt') push({ type: 'user.interrupt', id: interruptEventId(e.turnId), processed_at: at });
      const budget = state.budgetReached || e.result?.subtype === 'error_max_budget_usd' || e.error?.code === 'BUDGET_EXCEEDED';
      const stop = budget ? 'budget_reached' : e.status === 'failed' ? 'retries_exhausted' : 'end_turn';
      push({ type: 'session.status_idle', stop_reason: { type: stop }, stop_details: null, processed_at: at });
      state.pending.clear();
      break;
    }
    // Bookkeeping of ours with no Managed Agents counterpart.
    case 'queued':
    case 'process_started':
    case 'result':
    case 'warning':
    case 'context_reset':
    case 'permission_mode_changed':
      break;
  }
  return out;
}
