import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError } from '../errors.js';

function fields(error: z.ZodError) {
  return error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message }));
}

function check<T extends z.ZodType>(schema: T, value: unknown, where: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const list = fields(parsed.error);
    throw new ApiError('VALIDATION_FAILED', `invalid ${where}: ${list.map((f) => `${f.path}: ${f.message}`).join('; ')}`, {
      fields: list,
    });
  }
  return parsed.data;
}

/**
 * Parses the body as JSON whatever its content type (curl -d sends form encoding by
 * default); an empty body is `{}`.
 */
export async function readJson<T extends z.ZodType>(c: Context, schema: T): Promise<z.output<T>> {
  const text = await c.req.text();
  let value: unknown = {};
  if (text.trim() !== '') {
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new ApiError('INVALID_JSON', `request body is not valid JSON: ${(err as Error).message}`);
    }
  }
  return check(schema, value, 'request body');
}

export function readQuery<T extends z.ZodType>(c: Context, schema: T): z.output<T> {
  // A repeated parameter is ambiguous: refuse it rather than guess which one counts.
  const all = c.req.queries();
  const single: Record<string, string> = {};
  for (const [k, v] of Object.entries(all)) {
    if (v.length > 1) throw new ApiError('VALIDATION_FAILED', `query parameter ${k} given more than once`, { fields: [{ path: k, message: 'repeated' }] });
    single[k] = v[0]!;
  }
  return check(schema, single, 'query');
}
