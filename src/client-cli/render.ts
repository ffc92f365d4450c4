import type { Output } from './output.js';

// A turn's events as a person reads them: text as it streams, tools in one line each, a closing status.

type Block = { type?: string; text?: string; name?: string; input?: Record<string, unknown>; content?: unknown; is_error?: boolean };

const oneLine = (s: string, max = 70) => {
  const first = s.split('\n', 1)[0]!.trim();
  return first.length > max ? `${first.slice(0, max - 1)}…` : first;
};

/** `Write src/app.ts`, `Bash npm test`: a tool call by its name and main argument. */
export function describeTool(name: string, input: Record<string, unknown> = {}, workspace?: string): string {
  const pick = ['file_path', 'notebook_path', 'path', 'command', 'pattern', 'url', 'description', 'query'].find((k) => typeof input[k] === 'string');
  let arg = pick ? String(input[pick]) : Object.keys(input).length ? JSON.stringify(input) : '';
  if (workspace && arg.startsWith(`${workspace}/`)) arg = arg.slice(workspace.length + 1);
  return arg ? `${name} ${oneLine(arg)}` : name;
}

export class TurnRenderer {
  /** Assistant messages whose text already arrived as deltas: their full text is not printed again. */
  private readonly streamed = new Set<string>();
  private streamingId: string | undefined;
  private lastTextId: string | undefined;

  constructor(
    private readonly out: Output,
    private readonly workspace?: string,
  ) {}

  event(e: any): void {
    const { out } = this;
    const s = out.style;
    switch (e.type) {
      case 'stream_event': {
        const ev = e.message?.event ?? {};
        if (ev.type === 'message_start') this.streamingId = ev.message?.id;
        if (ev.type === 'content_block_delta' && ev.delta?.type === 'text_delta') {
          this.text(this.streamingId, ev.delta.text);
          if (this.streamingId) this.streamed.add(this.streamingId);
        }
        return;
      }
      case 'assistant': {
        const id: string | undefined = e.message?.message?.id;
        for (const b of (e.message?.message?.content ?? []) as Block[]) {
          if (b.type === 'text' && b.text && !(id && this.streamed.has(id))) this.text(id, b.text);
          if (b.type === 'tool_use') {
            out.newline();
            out.line(s('cyan', `⚙ ${describeTool(b.name ?? 'tool', b.input, this.workspace)}`));
          }
        }
        return;
      }
      case 'user': {
        const content = e.message?.message?.content;
        for (const b of (Array.isArray(content) ? content : []) as Block[]) {
          if (b.type === 'tool_result' && b.is_error) out.line(s('red', `  ✗ ${toolError(b.content)}`));
        }
        return;
      }
      case 'queued':
        return out.note(`… queued (position ${e.position})`);
      case 'process_started':
        // A new CLI takes seconds before its first word: say that something is happening.
        return out.note(s('dim', '… Claude is working'));
      case 'warning':
        return out.note(`! ${e.code}: ${e.message}`);
      case 'context_reset':
        return out.note('! the CLI started a new conversation: earlier context is lost');
      case 'permission_resolved':
        if (e.by !== 'client') out.note(`  permission for ${e.toolName}: ${e.decision} (${e.by})`);
        return;
      case 'error':
        return out.error(`✗ ${e.code}: ${e.message}`);
      case 'turn_finished':
        out.newline();
        return out.line(s(e.status === 'completed' ? 'dim' : e.status === 'failed' ? 'red' : 'yellow', summary(e)));
    }
  }

  private text(id: string | undefined, text: string): void {
    // A new assistant message starts on its own line.
    if (id !== this.lastTextId) this.out.newline();
    this.lastTextId = id;
    this.out.write(text);
  }
}

export function summary(e: { status: string; durationMs?: number; result?: { costUsd?: number } | null; error?: { message?: string } | null }): string {
  const parts = [e.status];
  if (typeof e.durationMs === 'number') parts.push(`${(e.durationMs / 1000).toFixed(1)} s`);
  if (e.result?.costUsd) parts.push(formatUsd(e.result.costUsd));
  if (e.status !== 'completed' && e.error?.message) parts.push(e.error.message);
  return `[${parts.join(' · ')}]`;
}

/** $1.25, $0.0123, $0.00006: a cost under a hundredth of a cent keeps two significant digits, never $0.0000. */
export function formatUsd(n: number): string {
  if (n >= 1) return `$${n.toFixed(2)}`;
  if (n >= 0.0001) return `$${n.toFixed(4)}`;
  return `$${n.toPrecision(2).replace(/(\.\d*?)0+$/, '$1')}`;
}

/** What a failed tool said, on one line: the same words in the history as in the live view. */
export function toolError(content: unknown): string {
  const text = typeof content === 'string' ? content : Array.isArray(content) ? content.map((c: { text?: string }) => c?.text ?? '').join(' ') : JSON.stringify(content);
  return oneLine(text || 'tool error');
}
