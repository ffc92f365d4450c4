import { concurrency } from './concurrency.js';
import { controlPlane } from './control-plane.js';
import { idleScale } from './idle-scale.js';
import { streamRelay } from './stream-relay.js';
import { turnOverhead } from './turn-overhead.js';
import type { Scenario } from './types.js';
import { warmMode } from './warm-mode.js';
import { sandboxCost } from './sandbox.js';
import { prestart } from './prestart.js';
import { peers } from './peers.js';
import { sharedMode } from './shared-mode.js';

/** Every scenario, in the order bench/run.ts runs them. Add new ones here. */
export const scenarios: Scenario[] = [turnOverhead, streamRelay, concurrency, idleScale, controlPlane, warmMode, sandboxCost, prestart, sharedMode, peers];
