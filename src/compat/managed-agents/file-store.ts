import { z } from 'zod';
import { SnapshotJournal } from '../../store/snapshot-journal.js';
import { AgentRecord, EnvironmentRecord, SessionMeta, type Change, type ManagedAgentsStore } from './store.js';

// One node's store under STATE_DIR: a snapshot and a journal of changes (src/store/snapshot-journal.ts),
// parsed with zod on start. Every event sent to a session touches its metadata, and rewriting the whole
// file each time cost a stringify of every session's. One process: a change runs without interleaving.

const FileShape = z.object({
  agents: z.array(AgentRecord),
  environments: z.array(EnvironmentRecord),
  sessions: z.record(z.string(), SessionMeta),
});

// One change: the record as it is now, or null once removed.
const JournalChange = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('agent'), id: z.string(), value: AgentRecord }),
  z.object({ kind: z.literal('environment'), id: z.string(), value: EnvironmentRecord.nullable() }),
  z.object({ kind: z.literal('session'), id: z.string(), value: SessionMeta.nullable() }),
]);
type JournalChange = z.infer<typeof JournalChange>;

export class JsonFileManagedAgentsStore implements ManagedAgentsStore {
  private readonly agentMap = new Map<string, AgentRecord>();
  private readonly environmentMap = new Map<string, EnvironmentRecord>();
  private readonly sessionMap = new Map<string, SessionMeta>();
  private readonly journal: SnapshotJournal;

  private constructor(file: string, onWriteError: (err: unknown) => void) {
    this.journal = new SnapshotJournal(
      file,
      () => ({ agents: [...this.agentMap.values()], environments: [...this.environmentMap.values()], sessions: Object.fromEntries(this.sessionMap) }),
      onWriteError,
      { unreadable: 'throw' },
    );
  }

  /** Loads the store (absent: empty). One that does not parse stops the start: it is not overwritten. */
  static async open(file: string, onWriteError: (err: unknown) => void): Promise<JsonFileManagedAgentsStore> {
    const store = new JsonFileManagedAgentsStore(file, onWriteError);
    const { data, entries } = await store.journal.load();
    if (data !== null) {
      const parsed = FileShape.safeParse(data);
      if (!parsed.success) throw new Error(`${file} is not a Managed Agents store: ${parsed.error.message}`);
      for (const a of parsed.data.agents) store.agentMap.set(a.id, a);
      for (const e of parsed.data.environments) store.environmentMap.set(e.id, e);
      for (const [id, s] of Object.entries(parsed.data.sessions)) store.sessionMap.set(id, s);
    }
    for (const e of entries) {
      const change = JournalChange.safeParse(e);
      if (!change.success) throw new Error(`${file}: a change in its journal is not a Managed Agents record: ${change.error.message}`);
      store.apply(change.data);
    }
    await store.journal.start();
    return store;
  }

  async agent(id: string) {
    return copy(this.agentMap.get(id));
  }
  async agents() {
    return [...this.agentMap.values()].map((a) => structuredClone(a));
  }
  async addAgent(a: AgentRecord) {
    this.record({ kind: 'agent', id: a.id, value: structuredClone(a) });
  }
  async changeAgent(id: string, change: Change<AgentRecord>) {
    return this.change(this.agentMap, id, change, (value) => ({ kind: 'agent', id, value }));
  }

  async environment(id: string) {
    return copy(this.environmentMap.get(id));
  }
  async environments() {
    return [...this.environmentMap.values()].map((e) => structuredClone(e));
  }
  async addEnvironment(e: EnvironmentRecord) {
    this.record({ kind: 'environment', id: e.id, value: structuredClone(e) });
  }
  async changeEnvironment(id: string, change: Change<EnvironmentRecord>) {
    return this.change(this.environmentMap, id, change, (value) => ({ kind: 'environment', id, value }));
  }
  async removeEnvironment(id: string) {
    if (this.environmentMap.has(id)) this.record({ kind: 'environment', id, value: null });
  }

  async session(id: string) {
    return copy(this.sessionMap.get(id));
  }
  async sessions(ids: readonly string[]) {
    const out = new Map<string, SessionMeta>();
    for (const id of ids) {
      const m = this.sessionMap.get(id);
      if (m) out.set(id, structuredClone(m));
    }
    return out;
  }
  async putSession(id: string, meta: SessionMeta) {
    this.record({ kind: 'session', id, value: structuredClone(meta) });
  }
  async changeSession(id: string, change: Change<SessionMeta>) {
    return this.change(this.sessionMap, id, change, (value) => ({ kind: 'session', id, value }));
  }
  async removeSession(id: string) {
    if (this.sessionMap.has(id)) this.record({ kind: 'session', id, value: null });
  }
  async prune(exist: (ids: readonly string[]) => Promise<boolean[]>) {
    const ids = [...this.sessionMap.keys()];
    const alive = await exist(ids);
    ids.forEach((id, i) => {
      if (!alive[i] && this.sessionMap.has(id)) this.record({ kind: 'session', id, value: null });
    });
  }

  async flush(): Promise<void> {
    await this.journal.flush();
  }

  private change<T>(map: Map<string, T>, id: string, change: Change<T>, entry: (value: T) => JournalChange): T | undefined {
    const cur = map.get(id);
    if (cur === undefined) return undefined;
    const next = change(structuredClone(cur));
    if (next === null) return structuredClone(cur);
    this.record(entry(structuredClone(next)));
    return next;
  }

  // Applied here at once, written to the journal in the background (one write per pass of the event loop).
  private record(c: JournalChange): void {
    this.apply(c);
    this.journal.append(c);
  }

  private apply(c: JournalChange): void {
    switch (c.kind) {
      case 'agent':
        this.agentMap.set(c.id, c.value);
        return;
      case 'environment':
        if (c.value) this.environmentMap.set(c.id, c.value);
        else this.environmentMap.delete(c.id);
        return;
      case 'session':
        if (c.value) this.sessionMap.set(c.id, c.value);
        else this.sessionMap.delete(c.id);
        return;
    }
  }
}

const copy = <T>(v: T | undefined): T | undefined => (v === undefined ? undefined : structuredClone(v));
