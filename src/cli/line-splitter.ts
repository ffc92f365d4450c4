import { StringDecoder } from 'node:string_decoder';

/**
 * Turns a byte stream into lines. UTF-8 split across chunks and lines split across chunks
 * reassemble; a line longer than maxLineBytes is dropped (reported) so a runaway child
 * cannot grow memory without bound.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  private overflowing = false;

  constructor(
    private readonly maxLineBytes: number,
    private readonly onLine: (line: string) => void,
    private readonly onOverflow: (droppedBytes: number) => void,
  ) {}

  push(chunk: Buffer): void {
    this.consume(this.decoder.write(chunk));
  }

  end(): void {
    this.consume(this.decoder.end());
    if (!this.overflowing && this.pending.length > 0) this.onLine(this.pending);
    this.pending = '';
  }

  private consume(text: string): void {
    let start = 0;
    for (let nl = text.indexOf('\n', start); nl !== -1; nl = text.indexOf('\n', start)) {
      const piece = text.slice(start, nl);
      if (this.overflowing) {
        this.overflowing = false;
      } else {
        const line = this.pending + piece;
        this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
      }
      this.pending = '';
      start = nl + 1;
    }
    if (this.overflowing) return;
    this.pending += text.slice(start);
    // UTF-16 length never exceeds the byte length, so this bound is cheap and never too tight.
    if (this.pending.length > this.maxLineBytes) {
      this.onOverflow(this.pending.length);
      this.pending = '';
      this.overflowing = true;
    }
  }
}
