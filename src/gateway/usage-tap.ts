// Reads token usage out of an Anthropic Messages response while it streams through, without
// holding the body: SSE is read line by line (message_start, message_delta), JSON up to a cap.

export interface RequestUsage {
  model: string | null;
  inputTokens: number;
  outputTokens: number;
  cacheCreationInputTokens: number;
  cacheReadInputTokens: number;
}

interface WireUsage {
  input_tokens?: number;
  output_tokens?: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
}

const MAX_LINE = 64 * 1024;
const MAX_JSON = 4 * 1024 * 1024;

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);

function record(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

export class UsageTap {
  private readonly usage: RequestUsage = { model: null, inputTokens: 0, outputTokens: 0, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 };
  private seen = false;
  private pending = '';
  private overflow = false;
  private readonly decoder = new TextDecoder();

  constructor(
    private readonly kind: 'sse' | 'json',
    /** Told the usage known when a streamed message starts (input tokens), before any content. */
    private readonly onStart: (usage: RequestUsage) => void = () => {},
  ) {}

  push(chunk: Buffer): void {
    if (this.overflow) return;
    this.pending += this.decoder.decode(chunk, { stream: true });
    if (this.kind === 'json') {
      if (this.pending.length > MAX_JSON) this.stopReading();
      return;
    }
    let nl: number;
    while ((nl = this.pending.indexOf('\n')) !== -1) {
      const line = this.pending.slice(0, nl);
      this.pending = this.pending.slice(nl + 1);
      if (line.startsWith('data:')) this.onEvent(line.slice(5).trim());
    }
    if (this.pending.length > MAX_LINE) this.pending = ''; // a huge delta line carries no usage
  }

  /** What the response said it used, or null if it said nothing (an error, a non-message reply). */
  end(): RequestUsage | null {
    if (this.kind === 'json' && !this.overflow) {
      try {
        this.onMessage(record(JSON.parse(this.pending)));
      } catch {
        // not JSON: no usage
      }
    }
    this.pending = '';
    return this.seen ? this.usage : null;
  }

  private stopReading(): void {
    this.overflow = true;
    this.pending = '';
  }

  private onEvent(data: string): void {
    // Cheap filter first: most lines are content deltas.
    if (!data.includes('"message_start"') && !data.includes('"message_delta"')) return;
    let event: Record<string, unknown> | null;
    try {
      event = record(JSON.parse(data));
    } catch {
      return;
    }
    if (event?.type === 'message_start') {
      this.onMessage(record(event.message));
      this.onStart({ ...this.usage });
    }
    else if (event?.type === 'message_delta') this.add(record(event.usage) as WireUsage | null, true);
  }

  private onMessage(message: Record<string, unknown> | null): void {
    if (!message) return;
    if (typeof message.model === 'string') this.usage.model = message.model;
    this.add(record(message.usage) as WireUsage | null, false);
  }

  // message_delta carries cumulative counts: the latest value wins, as in the SDK's own accumulation.
  private add(u: WireUsage | null, delta: boolean): void {
    if (!u) return;
    this.seen = true;
    const set = (key: keyof Omit<RequestUsage, 'model'>, v: number | undefined) => {
      if (v !== undefined && (!delta || v > 0 || key === 'outputTokens')) this.usage[key] = v;
    };
    set('inputTokens', num(u.input_tokens));
    set('outputTokens', num(u.output_tokens));
    set('cacheCreationInputTokens', num(u.cache_creation_input_tokens));
    set('cacheReadInputTokens', num(u.cache_read_input_tokens));
  }
}
