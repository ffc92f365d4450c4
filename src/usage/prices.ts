import type { RequestUsage } from '../gateway/usage-tap.js';

// List prices in USD per million tokens, by model family, to cost each model request as the
// gateway sees it (the CLI's own total stays the figure that is booked). Cache writes cost
// 1.25x input, cache reads 0.1x. An unknown model is costed as the dearest family it could be.

interface Price {
  input: number;
  output: number;
}

const FAMILIES: Array<{ match: RegExp; price: Price }> = [
  { match: /opus-4-[5-9]|opus-[5-9]/, price: { input: 5, output: 25 } },
  { match: /opus/, price: { input: 15, output: 75 } },
  { match: /haiku-4|haiku-[5-9]/, price: { input: 1, output: 5 } },
  { match: /3-5-haiku|haiku-3-5/, price: { input: 0.8, output: 4 } },
  { match: /haiku/, price: { input: 0.25, output: 1.25 } },
  { match: /sonnet/, price: { input: 3, output: 15 } },
];
const UNKNOWN: Price = { input: 15, output: 75 };

export function requestCostUsd(u: RequestUsage): number {
  const p = FAMILIES.find((f) => f.match.test(u.model ?? ''))?.price ?? UNKNOWN;
  const input = u.inputTokens * p.input + u.cacheCreationInputTokens * p.input * 1.25 + u.cacheReadInputTokens * p.input * 0.1;
  return (input + u.outputTokens * p.output) / 1_000_000;
}
