import readline from 'node:readline';

/**
 * Lines of input, one at a time, for whoever asks next (the chat loop or a y/n question), from a
 * terminal or a pipe alike. A pipe delivers every line at once: they wait here in order.
 */
export class Lines {
  readonly rl: readline.Interface;
  /** Sees each line as it is typed; returning true consumes it (e.g. /interrupt during a turn). */
  intercept: ((line: string) => boolean) | undefined;
  private readonly queue: string[] = [];
  private readonly waiters: Array<(line: string | null) => void> = [];
  private closed = false;

  constructor(
    input: NodeJS.ReadableStream,
    output: NodeJS.WritableStream,
    readonly interactive: boolean,
  ) {
    this.rl = readline.createInterface({ input, output, terminal: interactive, historySize: interactive ? 100 : 0 });
    this.rl.on('line', (line) => {
      if (this.intercept?.(line)) return;
      const w = this.waiters.shift();
      if (w) w(line);
      else this.queue.push(line);
    });
    this.rl.on('close', () => {
      this.closed = true;
      for (const w of this.waiters.splice(0)) w(null);
    });
  }

  /**
   * The next line (null at end of input, or when `signal` aborts the wait). `fresh`: on a terminal,
   * only a line typed after the prompt is shown (a question is never answered by type-ahead,
   * which stays queued for the chat); a pipe's lines are answers in order, as before.
   */
  next(prompt: string, signal?: AbortSignal, opts: { fresh?: boolean } = {}): Promise<string | null> {
    if (this.queue.length && !(opts.fresh && this.interactive)) return Promise.resolve(this.queue.shift()!);
    if (this.closed || signal?.aborted) return Promise.resolve(null);
    if (this.interactive) {
      this.rl.setPrompt(prompt);
      this.rl.prompt();
    }
    return new Promise((resolve) => {
      const waiter = (line: string | null) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(line);
      };
      const onAbort = () => {
        const i = this.waiters.indexOf(waiter);
        if (i !== -1) this.waiters.splice(i, 1);
        resolve(null);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** Shows the prompt again (after a note printed over it). */
  reprompt(): void {
    if (this.interactive && this.waiters.length) this.rl.prompt();
  }

  close(): void {
    this.rl.close();
  }
}
