import { turnOverhead } from './turn-overhead.js';
import type { Scenario } from './types.js';

/** Every scenario, in the order bench/run.ts runs them. Add new ones here. */
export const scenarios: Scenario[] = [turnOverhead];
