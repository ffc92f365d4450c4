import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError } from '../../errors.js';

/**
 * Reads a query as the Anthropic SDK writes it: arrays as `key[]=a&key[]=b` (also `key=a,b` or a
 * repeated `key`), listed in `arrays`; any other parameter given twice is refused.
 */
export function readSdkQuery<T extends z.ZodType>(c: Context, schema: T, arrays: readonly string[] = []): z.output<T> {
  const values: Record<string, string | string[]> = {};
  for (const [rawKey, list] of Object.entries(c.req.queries())) {
    const key = rawKey.endsWith('[]') ? rawKey.slice(0, -2) : rawKey;
    if (arrays.includes(key)) {
      const prev = (values[key] as string[] | undefined) ?? [];
      values[key] = [...prev, ...list.flatMap((v) => v.split(',')).filter((v) => v !== '')];
    } else {
      if (list.length > 1 || key in values) throw new ApiError('VALIDATION_FAILED', `query parameter ${key} given more than once`, { fields: [{ path: key, message: 'repeated' }] });
      values[key] = list[0]!;
    }
  }
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(query)', message: i.message }));
    throw new ApiError('VALIDATION_FAILED', `invalid query: ${fields.map((f) => `${f.path}: ${f.message}`).join('; ')}`, { fields });
  }
  return parsed.data;
}

/** `N.k` (an event position) as a pair, or null. */
export function parsePosition(v: string): [number, number] | null {
  const m = /^(?:sevt_)?(\d{1,15})(?:[._](\d{1,6}))?$/.exec(v.trim());
  return m ? [Number(m[1]), m[2] === undefined ? Number.MAX_SAFE_INTEGER : Number(m[2])] : null;
}

export const positionOf = (p: string): [number, number] => parsePosition(p)!;
export const after = (a: [number, number], b: [number, number]) => a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);
