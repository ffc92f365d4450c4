import { describe, expect, it } from 'vitest';
import { recordedTurn } from '../../../tests/support/recorded-events.js';
import { completionPieces, newCompletionState, type CompletionPiece } from './translator.js';

// The OpenAI translator, line by line on recorded real-CLI output.

function translate(name: string): CompletionPiece[][] {
  const state = newCompletionState();
  return recordedTurn(name).map((e) => completionPieces(e, state));
}

describe('OpenAI translator on recorded CLI output', () => {
  it('partial.jsonl: each text delta is one content piece; the whole assistant line adds nothing; usage at the end', () => {
    const pieces = translate('partial');
    // turn_started, system init, system status, message_start, content_block_start, 3 deltas, assistant, 3 stops, result, turn_finished
    expect(pieces.map((p) => p.map((x) => x.kind).join(','))).toEqual(['', '', '', '', '', 'content', 'content', 'content', '', '', '', '', '', 'finish']);
    expect(pieces.flat().filter((p) => p.kind === 'content').map((p) => (p as { text: string }).text)).toEqual(['echo: ', 'hello ', 'world']);
    expect(pieces.at(-1)![0]).toEqual({
      kind: 'finish',
      reason: 'stop',
      usage: { prompt_tokens: 10, completion_tokens: 3, total_tokens: 13, prompt_tokens_details: { cached_tokens: 0 } },
    });
  });

  it('echo.jsonl: without deltas the assistant line carries the text', () => {
    const flat = translate('echo').flat();
    expect(flat.filter((p) => p.kind === 'content')).toEqual([{ kind: 'content', text: 'echo: hello world' }]);
    expect(flat.at(-1)).toMatchObject({ kind: 'finish', reason: 'stop' });
  });

  it('write.jsonl: the tool call is the agent\'s own; texts of separate messages are separated by a blank line', () => {
    const flat = translate('write').flat();
    expect(flat.filter((p) => p.kind === 'content')).toEqual([{ kind: 'content', text: 'wrote notes/hello.txt' }]);
    expect(flat.at(-1)).toMatchObject({ kind: 'finish' });
    const state = newCompletionState();
    const twoMessages = [...recordedTurn('echo'), ...recordedTurn('echo', { firstId: 10 })].flatMap((e) => completionPieces(e, state));
    expect(twoMessages.filter((p) => p.kind === 'content').map((p) => (p as { text: string }).text).join('')).toBe('echo: hello world\n\necho: hello world');
  });

  it('error400.jsonl: a result with is_error ends the completion with an error', () => {
    const flat = translate('error400').flat();
    expect(flat.at(-1)).toMatchObject({ kind: 'error', code: 'CLI_FAILED' });
  });
});
