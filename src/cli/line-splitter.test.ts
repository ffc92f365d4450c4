import { describe, expect, it } from 'vitest';
import { LineSplitter } from './line-splitter.js';

function split(chunks: Buffer[], max = 1024) {
  const lines: string[] = [];
  const overflows: number[] = [];
  const s = new LineSplitter(max, (l) => lines.push(l), (n) => overflows.push(n));
  for (const c of chunks) s.push(c);
  s.end();
  return { lines, overflows };
}

describe('LineSplitter', () => {
  it('reassembles lines split across chunks and strips CR', () => {
    expect(split([Buffer.from('{"a":'), Buffer.from('1}\r\n{"b"'), Buffer.from(':2}\nlast')]).lines).toEqual(['{"a":1}', '{"b":2}', 'last']);
  });

  it('keeps a multi-byte character split between chunks', () => {
    const bytes = Buffer.from('héllo ✓\n');
    const cut = bytes.indexOf(0x9c); // inside ✓ (e2 9c 93)
    expect(split([bytes.subarray(0, cut), bytes.subarray(cut)]).lines).toEqual(['héllo ✓']);
  });

  it('drops an over-long line without holding it, then carries on', () => {
    const { lines, overflows } = split([Buffer.from('x'.repeat(600)), Buffer.from('x'.repeat(600)), Buffer.from('yy\nok\n')], 1000);
    expect(lines).toEqual(['ok']);
    expect(overflows).toHaveLength(1);
  });
});
