import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { finishedTurn, ledgerRecord as record } from '../../tests/support/usage-events.js';
import { UsageLedger } from './ledger.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cca-ledger-'));
  file = path.join(dir, 'usage.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('UsageLedger (files)', () => {
  it('writes one journal line per turn, not the whole ledger, and a restart adds them up', async () => {
    const a = new UsageLedger(file);
    await a.load();
    a.observe(record('alice', 'sonnet'), finishedTurn(0.5, '2026-12-01'));
    a.observe(record('alice', 'sonnet'), finishedTurn(0.25, '2026-12-02'));
    a.observe(record('bob', 'opus'), finishedTurn(1, '2026-12-02'));
    await a.flush();
    const lines = readFileSync(path.join(dir, 'usage.0.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[2]!)).toEqual({ owner: 'bob', day: '2026-12-02', model: 'opus', add: { turns: 1, costUsd: 1, inputTokens: 1, outputTokens: 1, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 } });

    const b = new UsageLedger(file);
    await b.load();
    expect(b.spentSince('alice', '2026-12-02')).toBe(0.25);
    expect(b.report(null)).toEqual(a.report(null));
    expect(b.report(['alice']).alice!.totals).toMatchObject({ turns: 2, costUsd: 0.75, inputTokens: 2 });
  });

  it('loads a ledger written whole by earlier versions, and skips journal lines of another shape', async () => {
    writeFileSync(file, JSON.stringify({ alice: { '2026-11-30': { sonnet: { turns: 3, costUsd: 2, inputTokens: 1, outputTokens: 1, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 } } } }));
    writeFileSync(path.join(dir, 'usage.0.jsonl'), '{"owner":"alice","day":"2026-12-01","model":"sonnet","add":{"turns":1}}\n');
    const a = new UsageLedger(file);
    await a.load();
    expect(a.spentSince('alice', '2026-01-01')).toBe(2);
    a.observe(record('alice', 'sonnet'), finishedTurn(1, '2026-12-01'));
    await a.flush();
    const b = new UsageLedger(file);
    await b.load();
    expect(b.spentSince('alice', '2026-01-01')).toBe(3);
    // Each start folds the journals it read into a new snapshot.
    expect(readdirSync(dir)).toEqual(['usage.json']);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ version: 2, journal: 2 });
  });
});
