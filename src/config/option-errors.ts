import { z } from 'zod';

// Messages that name the option as written (`auth.apiKey is not an option (did you mean apiKeys?)`).

/** The keys an object schema accepts at `path`, looking through optional wrappers. */
function keysAt(schema: z.ZodType, path: PropertyKey[]): string[] {
  let s: z.ZodType = schema;
  for (const step of [...path, null]) {
    while (s instanceof z.ZodOptional) s = s.unwrap() as z.ZodType;
    if (!(s instanceof z.ZodObject)) return [];
    if (step === null) return Object.keys(s.shape);
    s = s.shape[String(step)] as z.ZodType;
    if (!s) return [];
  }
  return [];
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = row[j]!;
      row[j] = next;
    }
  }
  return row[b.length]!;
}

/** The closest known key, when one is close enough to be a likely typo. */
export function suggest(key: string, known: string[]): string | undefined {
  const lower = key.toLowerCase();
  let best: { k: string; d: number } | undefined;
  for (const k of known) {
    const d = k.toLowerCase() === lower ? 0 : distance(lower, k.toLowerCase());
    if (d <= Math.max(2, Math.floor(k.length / 4)) && (!best || d < best.d)) best = { k, d };
  }
  return best?.k;
}

const LISTENING = new Set(['port', 'host']);
const suggestion = (key: string, known: string[]) => {
  const hint = suggest(key, known);
  return hint ? ` (did you mean ${hint}?)` : '';
};

export function describeIssues(issues: z.core.$ZodIssue[], schema: z.ZodType): string[] {
  return issues.flatMap((issue) => {
    const at = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      const known = keysAt(schema, issue.path);
      return issue.keys.map((key) => {
        const hint = at === '' && LISTENING.has(key) ? ' (the server you mount the app in listens, not the API)' : suggestion(key, known);
        return `${at ? `${at}.` : ''}${key} is not an option${hint}`;
      });
    }
    return [`${at || 'options'}: ${issue.message}`];
  });
}
