import type { Lines } from './lines.js';
import type { Output } from './output.js';
import type { Decision, TurnOptions } from './turn.js';

// How a permission request gets its answer: a person at the keyboard (y/n), or a fixed policy.

export function askOnLines(lines: Lines, out: Output): TurnOptions['ask'] {
  return async (_req, label, signal) => {
    const question = `? Allow ${label}? [y/N] `;
    out.newline();
    if (!lines.interactive) out.ask(question);
    const answer = await lines.next(out.style('yellow', question), signal, { fresh: true });
    if (answer === null) {
      out.note(signal.aborted ? '  (the request was settled meanwhile)' : '  (no answer: denied)');
      return signal.aborted ? null : 'deny';
    }
    if (!lines.interactive) out.answer(answer);
    return /^\s*y(es)?\s*$/i.test(answer) ? 'allow' : 'deny';
  };
}

export function fixedAnswer(decision: Decision, out: Output): TurnOptions['ask'] {
  return async (_req, label) => {
    out.note(`  ${decision === 'allow' ? 'allowed' : 'denied'} ${label} (--permissions ${decision})`);
    return decision;
  };
}
