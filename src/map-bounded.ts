/**
 * `items.map(fn)` with at most `limit` calls pending at once; results in the items' order, and
 * the first rejection rejects the whole and starts no more calls (those already started run on).
 * For start-up reads of thousands of small files: one at a time waits out a thread-pool round
 * trip per file, all at once queues thousands of buffers.
 */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (next < items.length && !failed) {
      const i = next++;
      try {
        results[i] = await fn(items[i]!, i);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
