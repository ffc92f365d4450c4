import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LineSink } from './line-sink.js';

describe('LineSink', () => {
  it('batches appended lines, writes logger lines at once after the batch, and keeps every byte in order', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'sink-')), 'log');
    const fd = openSync(file, 'w');
    const sink = new LineSink(fd, 1024, 20);
    const expected: string[] = [];
    for (let i = 0; i < 50; i++) {
      // Multi-byte text too: the buffer counts bytes, not characters.
      const line = i % 7 === 0 ? `{"i":${i},"s":"é€😀"}\n` : `{"i":${i}}\n`;
      expected.push(line);
      if (i % 10 === 9) sink.write(line);
      else sink.append(line);
    }
    // Appended after the last logger line: still in the batch until the timer writes it.
    sink.append('{"tail":true}\n');
    expect(readFileSync(file, 'utf8')).toBe(expected.join(''));
    await new Promise((r) => setTimeout(r, 60));
    expect(readFileSync(file, 'utf8')).toBe(`${expected.join('')}{"tail":true}\n`);
    // A line longer than the whole buffer goes out on its own.
    const long = `${'x'.repeat(5000)}\n`;
    sink.append(long);
    expect(readFileSync(file, 'utf8').endsWith(long)).toBe(true);
    closeSync(fd);
  });

  it('stops writing, without throwing, once the descriptor is unusable', () => {
    // A descriptor number no process here has open (closing a real one could see it reused).
    const sink = new LineSink(987_654, 1024, 20);
    expect(() => sink.write('lost\n')).not.toThrow();
    sink.append('also lost\n');
    expect(() => sink.flush()).not.toThrow();
  });
});
