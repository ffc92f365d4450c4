import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCliLine } from '../../src/cli/cli-events.js';
import type { SessionEvent, SessionEventBody } from '../../src/sessions/events.js';
import { summarizeResult } from '../../src/sessions/turn-outcome.js';
import { REPO_ROOT } from './cli-env.js';

/**
 * A recorded real-CLI run (tests/fixtures/real-cli/<name>.jsonl) as the session events the
 * service publishes for it: turn_started, one event per stdout line, turn_finished.
 */
export function recordedTurn(name: string, opts: { prompt?: string; sessionId?: string; firstId?: number; turnId?: string } = {}): SessionEvent[] {
  const text = readFileSync(path.join(REPO_ROOT, 'tests', 'fixtures', 'real-cli', `${name}.jsonl`), 'utf8');
  const turnId = opts.turnId ?? 't_recorded0001';
  const bodies: SessionEventBody[] = [{ type: 'turn_started', turnId, turnNumber: 1, continued: false, prompt: opts.prompt ?? name }];
  let result = null;
  for (const raw of text.split('\n')) {
    if (!raw.trim()) continue;
    const line = parseCliLine(raw);
    switch (line.type) {
      case 'system':
      case 'assistant':
      case 'user':
      case 'stream_event':
        bodies.push({ type: line.type, turnId, message: line } as SessionEventBody);
        break;
      case 'result':
        result = summarizeResult(line);
        bodies.push({ type: 'result', turnId, message: line });
        break;
      default:
        throw new Error(`unexpected line in fixture ${name}: ${raw.slice(0, 80)}`);
    }
  }
  const failed = result?.isError ?? true;
  bodies.push({
    type: 'turn_finished',
    turnId,
    status: failed ? 'failed' : 'completed',
    text: result?.text ?? '',
    result,
    error: failed ? { code: 'CLI_FAILED', message: result?.text ?? 'no result' } : null,
    endReason: null,
    files: null,
    durationMs: 10,
  });
  const first = opts.firstId ?? 1;
  return bodies.map((b, i) => ({ ...b, id: first + i, sessionId: opts.sessionId ?? 'k3x9q2m8v7b1n4c6z0a5', at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString() }) as SessionEvent);
}
