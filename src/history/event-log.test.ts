import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '../sessions/events.js';
import { EventLog } from './event-log.js';

const ev = (id: number, type: SessionEvent['type'] = 'warning', turnId = 't1', extra: Record<string, unknown> = {}) =>
  ({ id, type, turnId, sessionId: 's', at: 'now', code: 'UNKNOWN_LINE', message: 'x', ...extra }) as unknown as SessionEvent;

const collect = async (it: AsyncIterable<SessionEvent>) => {
  const out: number[] = [];
  for await (const e of it) out.push(e.id);
  return out;
};

describe('EventLog', () => {
  it('appends, reads ranges, and reopens with the last id', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'log-')), 's.jsonl');
    const { log, lastId } = await EventLog.open(file, 1 << 20);
    expect(lastId).toBe(0);
    for (let i = 1; i <= 5; i++) log.append(ev(i));
    expect(await collect(log.read(0))).toEqual([1, 2, 3, 4, 5]);
    expect(await collect(log.read(2, 5))).toEqual([3, 4]);
    await log.close();
    expect((await EventLog.open(file, 1 << 20)).lastId).toBe(5);
  });

  it('keeps token deltas out of the file, in one write per pass of the event loop for the rest', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'log-')), 's.jsonl');
    const { log } = await EventLog.open(file, 1 << 20);
    log.append(ev(1, 'turn_started'));
    for (let i = 2; i <= 4; i++) log.append(ev(i, 'stream_event'));
    log.append(ev(5, 'assistant'));
    expect(await collect(log.read(0))).toEqual([1, 5]);
    await log.close();
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('cuts a torn last line and skips garbage lines', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'log-')), 's.jsonl');
    writeFileSync(file, `${JSON.stringify(ev(1))}\nnot json\n${JSON.stringify(ev(2))}\n{"id":3,"ty`);
    const { log, lastId } = await EventLog.open(file, 1 << 20);
    expect(lastId).toBe(2);
    expect(readFileSync(file, 'utf8').endsWith('\n')).toBe(true);
    log.append(ev(3));
    expect(await collect(log.read(0))).toEqual([1, 2, 3]);
    appendFileSync(file, 'x'.repeat(200_000)); // a torn line longer than one read chunk
    await log.close();
    expect((await EventLog.open(file, 1 << 20)).lastId).toBe(3);
  });

  it('bounds a turn by size but always keeps how it ended', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'log-')), 's.jsonl');
    const { log } = await EventLog.open(file, 2_000);
    log.append(ev(1, 'turn_started', 't1', { prompt: 'p' }));
    for (let i = 2; i < 50; i++) log.append(ev(i, 'stream_event', 't1', { message: { pad: 'y'.repeat(100) } }));
    log.append(ev(50, 'turn_finished', 't1'));
    log.append(ev(51, 'turn_started', 't2', { prompt: 'q' }));
    const ids = await collect(log.read(0));
    expect(ids[0]).toBe(1);
    expect(ids.length).toBeLessThan(20);
    expect(ids.slice(-2)).toEqual([50, 51]);
  });
});
