import type { FileChanges, ResultSummary, SessionEvent, TurnError, TurnStatus } from '../sessions/events.js';

export type ConversationItem =
  | { kind: 'text'; text: string }
  | { kind: 'tool_use'; toolUseId: string; name: string; input: unknown }
  | { kind: 'tool_result'; toolUseId: string; isError: boolean; content: unknown };

export interface ConversationTurn {
  turnId: string;
  number: number;
  prompt: string;
  status: TurnStatus | 'running';
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  items: ConversationItem[];
  response: string | null;
  result: ResultSummary | null;
  error: TurnError | null;
  endReason: string | null;
  files: FileChanges | null;
}

type Block = { type?: unknown; text?: unknown; id?: unknown; name?: unknown; input?: unknown; tool_use_id?: unknown; is_error?: unknown; content?: unknown };
const blocks = (content: unknown): Block[] => (Array.isArray(content) ? (content as Block[]) : []);

/** Folds a session's history into turns: the prompt, what Claude said and did, how it ended. */
export class ConversationBuilder {
  private readonly turns = new Map<string, ConversationTurn>();

  add(e: SessionEvent): void {
    if (e.type === 'turn_started') {
      this.turns.set(e.turnId, {
        turnId: e.turnId, number: e.turnNumber, prompt: e.prompt, status: 'running', startedAt: e.at, finishedAt: null,
        durationMs: null, items: [], response: null, result: null, error: null, endReason: null, files: null,
      });
      return;
    }
    const turn = this.turns.get(e.turnId);
    if (!turn) return;
    switch (e.type) {
      case 'assistant':
        for (const b of blocks(e.message.message.content)) {
          if (b.type === 'text' && typeof b.text === 'string') turn.items.push({ kind: 'text', text: b.text });
          if (b.type === 'tool_use') turn.items.push({ kind: 'tool_use', toolUseId: String(b.id), name: String(b.name), input: b.input });
        }
        return;
      case 'user':
        for (const b of blocks(e.message.message.content)) {
          if (b.type === 'tool_result') {
            turn.items.push({ kind: 'tool_result', toolUseId: String(b.tool_use_id), isError: b.is_error === true, content: b.content });
          }
        }
        return;
      case 'turn_finished':
        Object.assign(turn, {
          status: e.status, finishedAt: e.at, durationMs: e.durationMs, response: e.text, result: e.result, error: e.error, endReason: e.endReason, files: e.files,
        });
        return;
      case 'queued': case 'process_started': case 'system': case 'stream_event': case 'result':
      case 'warning': case 'context_reset': case 'error':
        return;
    }
  }

  /** Turns by number; `before`/`after` page through them. */
  page(opts: { order: 'asc' | 'desc'; limit: number; cursor?: number }): { turns: ConversationTurn[]; nextCursor: number | null } {
    let all = [...this.turns.values()].sort((a, b) => a.number - b.number);
    if (opts.order === 'desc') all = all.reverse();
    const c = opts.cursor;
    if (c !== undefined) all = all.filter((t) => (opts.order === 'asc' ? t.number > c : t.number < c));
    const turns = all.slice(0, opts.limit);
    return { turns, nextCursor: all.length > opts.limit ? turns.at(-1)!.number : null };
  }
}

/** Reads a session's history file into conversation turns (token deltas are skipped). */
export async function readConversation(log: { read: (after: number) => AsyncIterable<SessionEvent> }): Promise<ConversationBuilder> {
  const builder = new ConversationBuilder();
  for await (const e of log.read(0)) if (e.type !== 'stream_event') builder.add(e);
  return builder;
}
