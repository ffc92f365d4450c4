import type { Lines } from './lines.js';

/**
 * Ctrl-C as a person expects it: the first press acts (interrupt the turn), a second one with no
 * line typed in between exits 130. A terminal readline reports it as its own SIGINT event, a
 * pipe as the process's; both are caught, so Ctrl-C never just pauses the input.
 */
export class CtrlC {
  private armed = false;
  private readonly handler = () => {
    if (this.armed) {
      this.onExit();
      process.exit(130);
    }
    this.armed = true;
    this.onFirst();
  };

  constructor(
    private readonly onFirst: () => void,
    private readonly onExit: () => void,
    private readonly lines?: Lines,
  ) {
    process.on('SIGINT', this.handler);
    lines?.rl.on('SIGINT', this.handler);
  }

  /** A line was typed: the next Ctrl-C acts again instead of exiting. */
  disarm(): void {
    this.armed = false;
  }

  dispose(): void {
    process.off('SIGINT', this.handler);
    this.lines?.rl.off('SIGINT', this.handler);
  }
}
