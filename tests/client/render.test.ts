import { describe, expect, it } from 'vitest';
import { formatUsd, summary, toolError } from '../../src/client-cli/render.js';

describe('client rendering', () => {
  it('shows costs under a cent as what they are, not $0.0000', () => {
    expect([1.234, 0.0123, 0.001, 0.00006, 0.0000123].map(formatUsd)).toEqual(['$1.23', '$0.0123', '$0.0010', '$0.00006', '$0.000012']);
    expect(summary({ status: 'completed', durationMs: 1200, result: { costUsd: 0.00006 } })).toBe('[completed · 1.2 s · $0.00006]');
  });

  it("gives a failed tool's own words (the denial reason), as the live view does", () => {
    expect(toolError('Permission to use Write has been denied by the API client')).toBe('Permission to use Write has been denied by the API client');
    expect(toolError([{ type: 'text', text: 'denied: not today' }])).toBe('denied: not today');
    expect(toolError('')).toBe('tool error');
  });
});
