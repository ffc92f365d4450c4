import { makeStyle, type Style } from './style.js';

/** Where the client writes: text for people, or one JSON object per line with --json. */
export class Output {
  readonly style: Style;
  readonly errStyle: Style;
  /** Whether the cursor is at the start of a line (streamed text may leave it mid-line). */
  atLineStart = true;

  constructor(
    readonly json: boolean,
    private readonly stdout: NodeJS.WritableStream & { isTTY?: boolean },
    private readonly stderr: NodeJS.WritableStream & { isTTY?: boolean },
    env: NodeJS.ProcessEnv,
  ) {
    this.style = makeStyle(stdout, env);
    this.errStyle = makeStyle(stderr, env);
  }

  write(text: string): void {
    if (!text) return;
    this.stdout.write(text);
    this.atLineStart = text.endsWith('\n');
  }

  line(text = ''): void {
    this.write(`${text}\n`);
  }

  /** Ends a line left open by streamed text. */
  newline(): void {
    if (!this.atLineStart) this.write('\n');
  }

  record(value: unknown): void {
    this.stdout.write(`${JSON.stringify(value)}\n`);
  }

  error(text: string): void {
    this.newline();
    this.stderr.write(`${this.errStyle('red', text)}\n`);
  }

  /** A question for the person: on stdout beside the transcript, on stderr when stdout carries JSON. */
  ask(text: string): void {
    if (this.json) this.stderr.write(this.errStyle('yellow', text));
    else this.write(this.style('yellow', text));
  }

  /** The echo of an answer read from a pipe, after its question. */
  answer(text: string): void {
    if (this.json) this.stderr.write(`${text}\n`);
    else this.line(text);
  }

  note(text: string): void {
    this.newline();
    this.stderr.write(`${this.errStyle('dim', text)}\n`);
  }
}
