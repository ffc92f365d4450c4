import type { Schemas, SessionEvent } from '../../client/index.js';

// A session's events folded into what the chat shows: turns, each a prompt followed by text,
// tool cards (with their results), permission cards and the turn's outcome. Pure: events in, state out.

export interface ToolResult {
  text: string;
  isError: boolean;
}
export interface ToolCall {
  id: string;
  name: string;
  input: Record<string, unknown>;
  result: ToolResult | null;
}
export interface PermissionCard {
  request: Schemas['PermissionRequestEvent'];
  resolved: { decision: string; by: string; message: string | null } | null;
}
export type Item =
  | { kind: 'text'; text: string }
  | { kind: 'tool'; call: ToolCall }
  | { kind: 'permission'; card: PermissionCard }
  | { kind: 'notice'; level: 'info' | 'warn' | 'error'; text: string };

export type TurnState = 'queued' | 'running' | 'completed' | 'failed' | 'interrupted';
export interface Turn {
  id: string;
  number: number;
  prompt: string;
  items: Item[];
  /** Token deltas of the block being written, until its full message arrives. */
  partial: string;
  state: TurnState;
  queuePosition: number | null;
  costUsd: number | null;
  durationMs: number | null;
  files: Schemas['FileChanges'];
  error: string | null;
}

export interface Conversation {
  turns: Turn[];
  lastEventId: number;
}

export const emptyConversation = (): Conversation => ({ turns: [], lastEventId: 0 });

type Block = { type: string; text?: string } & Record<string, unknown>;

function resultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((c: unknown) => (c && typeof c === 'object' && typeof (c as Block).text === 'string' ? (c as Block).text : ''))
      .join('');
  }
  return content == null ? '' : JSON.stringify(content);
}

function turnFor(c: Conversation, e: { turnId: string }): Turn {
  let t = c.turns.findLast((x) => x.id === e.turnId);
  if (!t) {
    // Events of a turn whose start was not replayed (an old history): show it without its prompt.
    t = blankTurn(e.turnId, c.turns.length + 1, '');
    c.turns.push(t);
  }
  return t;
}

const blankTurn = (id: string, number: number, prompt: string): Turn => ({
  id,
  number,
  prompt,
  items: [],
  partial: '',
  state: 'running',
  queuePosition: null,
  costUsd: null,
  durationMs: null,
  files: null,
  error: null,
});

function findTool(t: Turn, id: string): ToolCall | undefined {
  for (const it of t.items) if (it.kind === 'tool' && it.call.id === id) return it.call;
  return undefined;
}

/** Applies one event (mutating `c`); events at or below lastEventId are ignored. */
export function applyEvent(c: Conversation, e: SessionEvent): void {
  if (e.id <= c.lastEventId) return;
  c.lastEventId = e.id;
  switch (e.type) {
    case 'turn_started':
      c.turns.push(blankTurn(e.turnId, e.turnNumber, e.prompt));
      return;
    case 'queued': {
      const t = turnFor(c, e);
      t.state = 'queued';
      t.queuePosition = e.position;
      return;
    }
    case 'process_started': {
      const t = turnFor(c, e);
      t.state = 'running';
      t.queuePosition = null;
      return;
    }
    case 'stream_event': {
      const t = turnFor(c, e);
      const ev = e.message.event as { type: string; delta?: { type?: string; text?: string } };
      if (ev.type === 'content_block_delta' && ev.delta?.type === 'text_delta' && typeof ev.delta.text === 'string') t.partial += ev.delta.text;
      return;
    }
    case 'assistant': {
      const t = turnFor(c, e);
      t.partial = '';
      for (const b of e.message.message.content as Block[]) {
        if (b.type === 'text' && b.text) t.items.push({ kind: 'text', text: b.text });
        else if (b.type === 'tool_use') {
          const input = b.input && typeof b.input === 'object' ? (b.input as Record<string, unknown>) : {};
          t.items.push({ kind: 'tool', call: { id: String(b.id ?? ''), name: String(b.name ?? 'tool'), input, result: null } });
        }
      }
      return;
    }
    case 'user': {
      const t = turnFor(c, e);
      const content = e.message.message.content;
      if (typeof content === 'string') return;
      for (const b of content as Block[]) {
        if (b.type !== 'tool_result') continue;
        const call = findTool(t, String(b.tool_use_id ?? ''));
        const result = { text: resultText(b.content), isError: b.is_error === true };
        if (call) call.result = result;
      }
      return;
    }
    case 'permission_request':
      turnFor(c, e).items.push({ kind: 'permission', card: { request: e, resolved: null } });
      return;
    case 'permission_resolved': {
      for (const it of turnFor(c, e).items) {
        if (it.kind === 'permission' && it.card.request.requestId === e.requestId) it.card.resolved = { decision: e.decision, by: e.by, message: e.message };
      }
      return;
    }
    case 'permission_mode_changed':
      turnFor(c, e).items.push({ kind: 'notice', level: 'info', text: `permission mode is now ${e.mode}` });
      return;
    case 'context_reset':
      turnFor(c, e).items.push({ kind: 'notice', level: 'warn', text: 'the CLI lost the earlier context: this turn started a new conversation' });
      return;
    case 'budget_exceeded':
      turnFor(c, e).items.push({ kind: 'notice', level: 'error', text: 'the spend cap was reached' });
      return;
    case 'error':
      turnFor(c, e).error = `${e.code}: ${e.message}`;
      return;
    case 'warning':
      turnFor(c, e).items.push({ kind: 'notice', level: 'warn', text: e.message });
      return;
    case 'result': {
      const t = turnFor(c, e);
      t.partial = '';
      if (typeof e.message.total_cost_usd === 'number') t.costUsd = e.message.total_cost_usd;
      return;
    }
    case 'turn_finished': {
      const t = turnFor(c, e);
      t.partial = '';
      t.state = e.status;
      t.queuePosition = null;
      t.durationMs = e.durationMs;
      t.files = e.files;
      if (e.result) t.costUsd = e.result.costUsd;
      if (e.error) t.error = `${e.error.code}: ${e.error.message}`;
      // A request left open when the turn ended can no longer be answered.
      for (const it of t.items) if (it.kind === 'permission' && !it.card.resolved) it.card.resolved = { decision: 'withdrawn', by: 'turn_ended', message: null };
      return;
    }
    case 'system':
      return;
    default: {
      const never: never = e;
      void never;
    }
  }
}

/** The permission requests still waiting for an answer. */
export function pendingPermissions(c: Conversation): PermissionCard[] {
  const out: PermissionCard[] = [];
  for (const t of c.turns) for (const it of t.items) if (it.kind === 'permission' && !it.card.resolved) out.push(it.card);
  return out;
}

export const activeTurn = (c: Conversation): Turn | undefined => {
  const t = c.turns.at(-1);
  return t && (t.state === 'running' || t.state === 'queued') ? t : undefined;
};
