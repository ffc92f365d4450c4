// Reading the official SDKs' event streams in parts: a stream can be iterated once, so each
// keeps one iterator, and every call reads on from where the last one stopped.

export type Ev = { type: string; id?: string; [k: string]: any };

const iterators = new WeakMap<object, AsyncIterator<Ev>>();

/** Reads an SDK event stream until `stop` matches (the stream stays open for the next call). */
export async function until(stream: AsyncIterable<Ev>, stop: (e: Ev) => boolean): Promise<Ev[]> {
  let it = iterators.get(stream);
  if (!it) iterators.set(stream, (it = stream[Symbol.asyncIterator]()));
  const seen: Ev[] = [];
  for (;;) {
    const r = await it.next();
    if (r.done) return seen;
    seen.push(r.value);
    if (stop(r.value)) return seen;
  }
}

/** A Managed Agents turn ended: idle, and not waiting for a tool confirmation. */
export const endTurn = (e: Ev) => e.type === 'session.status_idle' && e.stop_reason.type !== 'requires_action';

/** Closes a stream read with `until` (its connection with it). */
export async function closeStream(stream: AsyncIterable<Ev>): Promise<void> {
  await iterators.get(stream)?.return?.();
}
