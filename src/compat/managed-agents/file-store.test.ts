import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JsonFileManagedAgentsStore } from './file-store.js';
import { newAgentId, newEnvironmentId, type AgentRecord, type EnvironmentRecord, type SessionMeta } from './store.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cca-ma-store-'));
  file = path.join(dir, 'managed-agents.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const at = '2026-12-03T00:00:00.000Z';
const agent = (): AgentRecord => ({
  id: newAgentId(),
  owner: 'alice',
  created_at: at,
  archived_at: null,
  versions: [{ version: 1, name: 'a', description: null, model: 'sonnet', system: null, tools: [], mcp_servers: [], metadata: {}, updated_at: at }],
});
const environment = (): EnvironmentRecord => ({
  id: newEnvironmentId(),
  owner: 'alice',
  name: 'e',
  description: null,
  config: { type: 'cloud', networking: { type: 'unrestricted' } },
  metadata: {},
  scope: 'account',
  created_at: at,
  updated_at: at,
  archived_at: null,
});
const meta = (a: AgentRecord, envId: string): SessionMeta => ({ agent: { id: a.id, version: a.versions[0]! }, environment_id: envId, title: null, metadata: {}, updated_at: at, archived_at: null });
const noop = () => {};

describe('JsonFileManagedAgentsStore', () => {
  it('records each change as a journal line, not a rewrite of every session, and a restart reads them back', async () => {
    const s = await JsonFileManagedAgentsStore.open(file, noop);
    const a = agent();
    const e = environment();
    const gone = environment();
    await s.addAgent(a);
    await s.addEnvironment(e);
    await s.addEnvironment(gone);
    await s.removeEnvironment(gone.id);
    await s.putSession('s1', meta(a, e.id));
    await s.putSession('s2', meta(a, e.id));
    for (let i = 0; i < 20; i++) await s.changeSession('s1', (m) => ({ ...m, updated_at: `2026-12-03T00:00:${String(i).padStart(2, '0')}.000Z` }));
    await s.removeSession('s2');
    await s.changeAgent(a.id, (r) => ({ ...r, archived_at: at }));
    await s.flush();
    expect(readdirSync(dir)).toEqual(['managed-agents.0.jsonl']); // no snapshot written yet: 28 changes, 28 lines
    expect(readFileSync(path.join(dir, 'managed-agents.0.jsonl'), 'utf8').trim().split('\n')).toHaveLength(28);

    const r = await JsonFileManagedAgentsStore.open(file, noop);
    expect(await r.agent(a.id)).toEqual({ ...a, archived_at: at });
    expect(await r.environments()).toEqual([e]);
    expect((await r.session('s1'))?.updated_at).toBe('2026-12-03T00:00:19.000Z');
    expect(await r.session('s2')).toBeUndefined();
    // The start folded the journal into a snapshot.
    expect(readdirSync(dir)).toEqual(['managed-agents.json']);
  });

  it('opens a store written whole by earlier versions and goes on from it', async () => {
    const a = agent();
    const e = environment();
    writeFileSync(file, JSON.stringify({ agents: [a], environments: [e], sessions: { s1: meta(a, e.id) } }));
    const s = await JsonFileManagedAgentsStore.open(file, noop);
    expect((await s.sessions(['s1'])).size).toBe(1);
    await s.prune(async (ids) => ids.map(() => false));
    await s.flush();
    const r = await JsonFileManagedAgentsStore.open(file, noop);
    expect(await r.session('s1')).toBeUndefined();
    expect(await r.agent(a.id)).toEqual(a);
  });

  it('refuses to start on a store that does not parse, and leaves it as it was', async () => {
    writeFileSync(file, '{"agents": [');
    const before = statSync(file).mtimeMs;
    await expect(JsonFileManagedAgentsStore.open(file, noop)).rejects.toThrow(/managed-agents\.json/);
    writeFileSync(path.join(dir, 'other.json'), JSON.stringify({ agents: 'no' }));
    await expect(JsonFileManagedAgentsStore.open(path.join(dir, 'other.json'), noop)).rejects.toThrow(/not a Managed Agents store/);
    expect(readFileSync(file, 'utf8')).toBe('{"agents": [');
    expect(statSync(file).mtimeMs).toBe(before);
  });
});
