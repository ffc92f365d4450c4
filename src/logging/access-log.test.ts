import { describe, expect, it } from 'vitest';
import { accessLogFor } from './access-log.js';
import { createLogger } from './logger.js';

function capture() {
  const lines: string[] = [];
  return { lines, write: (l: string) => lines.push(l), append: (l: string) => lines.push(`batched:${l}`) };
}

const entry = {
  requestId: 'req_AbC-123_x',
  method: 'GET',
  route: '/sessions/:id',
  path: '/api/v1/sessions/abc%22def/\u00e9',
  status: 200,
  ms: 0.4,
  sessionId: 'abc"def',
  key: 'alice',
};

describe('accessLogFor', () => {
  it("writes, batched, the very line pino would write for the same fields", () => {
    const dest = capture();
    const logger = createLogger('info', dest);
    accessLogFor(logger)(entry);
    logger.info({ ...entry }, 'request');
    expect(dest.lines).toHaveLength(2);
    expect(dest.lines[0]!.startsWith('batched:')).toBe(true);
    const ours = JSON.parse(dest.lines[0]!.slice('batched:'.length)) as Record<string, unknown>;
    const pinos = JSON.parse(dest.lines[1]!) as Record<string, unknown>;
    expect(Object.keys(ours)).toEqual(Object.keys(pinos));
    expect({ ...ours, time: 0 }).toEqual({ ...pinos, time: 0 });
    expect(Math.abs(Date.parse(String(ours.time)) - Date.parse(String(pinos.time)))).toBeLessThan(1000);
  });

  it('leaves out what is unknown, writes null for an unmatched route, and nothing above info', () => {
    const dest = capture();
    const logger = createLogger('info', dest);
    accessLogFor(logger)({ ...entry, route: null, sessionId: undefined, key: undefined });
    const line = JSON.parse(dest.lines[0]!.slice('batched:'.length)) as Record<string, unknown>;
    expect(line).toMatchObject({ route: null, msg: 'request' });
    expect(line).not.toHaveProperty('sessionId');
    expect(line).not.toHaveProperty('key');
    logger.level = 'warn';
    accessLogFor(logger)(entry);
    expect(dest.lines).toHaveLength(1);
  });

  it("goes through an embedder's own logger when it is not one of ours", () => {
    const dest = capture();
    const theirs = createLogger('info', dest).child({ app: 'host' });
    accessLogFor(theirs)(entry);
    expect(JSON.parse(dest.lines[0]!)).toMatchObject({ app: 'host', requestId: entry.requestId, msg: 'request' });
  });
});
