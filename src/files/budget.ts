import { ApiError } from '../errors.js';

// Byte limits enforced while bytes flow, never on a declared Content-Length alone.

/** A number of bytes that may still be taken; taking more throws the given error. */
export class ByteBudget {
  private used = 0;

  constructor(
    private readonly max: number,
    private readonly onExceeded: (max: number) => ApiError,
  ) {}

  get total(): number {
    return this.used;
  }

  take(n: number): void {
    this.used += n;
    if (this.used > this.max) throw this.onExceeded(this.max);
  }
}

export const uploadTooLarge = (max: number) => new ApiError('PAYLOAD_TOO_LARGE', `upload over MAX_UPLOAD_BYTES (${max} bytes)`);
export const workspaceFull = (max: number) =>
  new ApiError('WORKSPACE_FULL', `the workspace would exceed WORKSPACE_MAX_BYTES (${max} bytes); nothing was written`);

/** The request body, cut off with 413 PAYLOAD_TOO_LARGE once it passes `max` bytes. */
export async function* limitedBody(
  body: ReadableStream<Uint8Array> | Iterable<Uint8Array> | null,
  max: number,
): AsyncGenerator<Uint8Array> {
  // A declared length over the limit fails before a byte is read (WorkspaceWriter.write); a lying one here.
  if (!body) return;
  const budget = new ByteBudget(max, uploadTooLarge);
  // Stopping early must not cancel the request stream: that destroys the socket before the error
  // reply is written. The server drains what is left once the reply is out.
  const chunks = body instanceof ReadableStream ? body.values({ preventCancel: true }) : body;
  for await (const chunk of chunks) {
    budget.take(chunk.byteLength);
    yield chunk;
  }
}
