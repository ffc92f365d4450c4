import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileAtomic } from '../../store/atomic-write.js';
import { AgentRecord, EnvironmentRecord, SessionMeta, type Change, type ManagedAgentsStore } from './store.js';

// One node's store: one JSON file under STATE_DIR, written whole (atomically) after each change,
// parsed with zod on start. One process: a change runs without interleaving, so it needs no retry.

const FileShape = z.object({
  agents: z.array(AgentRecord),
  environments: z.array(EnvironmentRecord),
  sessions: z.record(z.string(), SessionMeta),
});

export class JsonFileManagedAgentsStore implements ManagedAgentsStore {
  private readonly agentMap = new Map<string, AgentRecord>();
  private readonly environmentMap = new Map<string, EnvironmentRecord>();
  private readonly sessionMap = new Map<string, SessionMeta>();
  private writing: Promise<void> = Promise.resolve();
  private dirty = false;

  private constructor(
    private readonly file: string,
    private readonly onWriteError: (err: unknown) => void,
  ) {}

  /** Loads the file (absent: empty). A file that does not parse stops the start: it is not overwritten. */
  static async open(file: string, onWriteError: (err: unknown) => void): Promise<JsonFileManagedAgentsStore> {
    const store = new JsonFileManagedAgentsStore(file, onWriteError);
    let text: string | null = null;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (text !== null) {
      const parsed = FileShape.safeParse(JSON.parse(text));
      if (!parsed.success) throw new Error(`${file} is not a Managed Agents store: ${parsed.error.message}`);
      for (const a of parsed.data.agents) store.agentMap.set(a.id, a);
      for (const e of parsed.data.environments) store.environmentMap.set(e.id, e);
      for (const [id, s] of Object.entries(parsed.data.sessions)) store.sessionMap.set(id, s);
    }
    return store;
  }

  async agent(id: string) {
    return copy(this.agentMap.get(id));
  }
  async agents() {
    return [...this.agentMap.values()].map((a) => structuredClone(a));
  }
  async addAgent(a: AgentRecord) {
    this.agentMap.set(a.id, structuredClone(a));
    this.save();
  }
  async changeAgent(id: string, change: Change<AgentRecord>) {
    return this.change(this.agentMap, id, change);
  }

  async environment(id: string) {
    return copy(this.environmentMap.get(id));
  }
  async environments() {
    return [...this.environmentMap.values()].map((e) => structuredClone(e));
  }
  async addEnvironment(e: EnvironmentRecord) {
    this.environmentMap.set(e.id, structuredClone(e));
    this.save();
  }
  async changeEnvironment(id: string, change: Change<EnvironmentRecord>) {
    return this.change(this.environmentMap, id, change);
  }
  async removeEnvironment(id: string) {
    if (this.environmentMap.delete(id)) this.save();
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
    this.sessionMap.set(id, structuredClone(meta));
    this.save();
  }
  async changeSession(id: string, change: Change<SessionMeta>) {
    return this.change(this.sessionMap, id, change);
  }
  async removeSession(id: string) {
    if (this.sessionMap.delete(id)) this.save();
  }
  async prune(exist: (ids: readonly string[]) => Promise<boolean[]>) {
    const ids = [...this.sessionMap.keys()];
    const alive = await exist(ids);
    let changed = false;
    ids.forEach((id, i) => {
      if (!alive[i]) changed = this.sessionMap.delete(id) || changed;
    });
    if (changed) this.save();
  }

  async flush(): Promise<void> {
    while (this.dirty) await this.writing;
    await this.writing;
  }

  private change<T>(map: Map<string, T>, id: string, change: Change<T>): T | undefined {
    const cur = map.get(id);
    if (cur === undefined) return undefined;
    const next = change(structuredClone(cur));
    if (next === null) return structuredClone(cur);
    map.set(id, structuredClone(next));
    this.save();
    return next;
  }

  // One write at a time; changes made meanwhile are written by the next one.
  private save(): void {
    if (this.dirty) return;
    this.dirty = true;
    this.writing = this.writing.then(async () => {
      this.dirty = false;
      const data = { agents: [...this.agentMap.values()], environments: [...this.environmentMap.values()], sessions: Object.fromEntries(this.sessionMap) };
      await writeFileAtomic(this.file, JSON.stringify(data)).catch(this.onWriteError);
    });
  }
}

const copy = <T>(v: T | undefined): T | undefined => (v === undefined ? undefined : structuredClone(v));
