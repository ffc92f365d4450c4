import { readFile } from 'node:fs/promises';
import { customAlphabet } from 'nanoid';
import { z } from 'zod';
import { writeFileAtomic } from '../../store/atomic-write.js';

// Agents, environments and the Managed Agents side of sessions: one JSON file under STATE_DIR,
// written whole (atomically) after each change, parsed with zod on start.

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const idPart = customAlphabet(ALPHABET, 24);
export const newAgentId = () => `agent_${idPart()}`;
export const newEnvironmentId = () => `env_${idPart()}`;
export const AGENT_ID = /^agent_[0-9A-Za-z]{24}$/;
export const ENVIRONMENT_ID = /^env_[0-9A-Za-z]{24}$/;

const Metadata = z.record(z.string(), z.string());
const Policy = z.enum(['always_allow', 'always_ask']);
const ToolConfig = z.object({ name: z.string(), enabled: z.boolean(), permission_policy: Policy });
export const StoredToolset = z.discriminatedUnion('type', [
  z.object({ type: z.literal('agent_toolset_20260401'), default_config: z.object({ enabled: z.boolean(), permission_policy: Policy }), configs: z.array(ToolConfig) }),
  z.object({ type: z.literal('mcp_toolset'), mcp_server_name: z.string(), default_config: z.object({ enabled: z.boolean(), permission_policy: Policy }), configs: z.array(ToolConfig) }),
]);
export type StoredToolset = z.infer<typeof StoredToolset>;

/** One version of an agent: what a session pins. */
export const AgentVersion = z.object({
  version: z.number().int().min(1),
  name: z.string(),
  description: z.string().nullable(),
  model: z.string(),
  system: z.string().nullable(),
  tools: z.array(StoredToolset),
  mcp_servers: z.array(z.object({ name: z.string(), type: z.literal('url'), url: z.string() })),
  metadata: Metadata,
  updated_at: z.string(),
});
export type AgentVersion = z.infer<typeof AgentVersion>;

const AgentRecord = z.object({
  id: z.string().regex(AGENT_ID),
  owner: z.string(),
  created_at: z.string(),
  archived_at: z.string().nullable(),
  versions: z.array(AgentVersion).min(1),
});
export type AgentRecord = z.infer<typeof AgentRecord>;

export const EnvironmentConfig = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('cloud'),
    networking: z.discriminatedUnion('type', [
      z.object({ type: z.literal('unrestricted') }),
      z.object({ type: z.literal('limited'), allowed_hosts: z.array(z.string()), allow_mcp_servers: z.boolean(), allow_package_managers: z.boolean() }),
    ]),
  }),
  z.object({ type: z.literal('self_hosted') }),
]);
export type EnvironmentConfig = z.infer<typeof EnvironmentConfig>;

const EnvironmentRecord = z.object({
  id: z.string().regex(ENVIRONMENT_ID),
  owner: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  config: EnvironmentConfig,
  metadata: Metadata,
  /** `organization`: every key sees it; only admin keys change it. */
  scope: z.enum(['organization', 'account']),
  created_at: z.string(),
  updated_at: z.string(),
  archived_at: z.string().nullable(),
});
export type EnvironmentRecord = z.infer<typeof EnvironmentRecord>;

/** What a Managed Agents session adds to one of our sessions (same id). */
const SessionMeta = z.object({
  agent: z.object({ id: z.string(), version: AgentVersion }),
  environment_id: z.string(),
  title: z.string().nullable(),
  metadata: Metadata,
  updated_at: z.string(),
  archived_at: z.string().nullable(),
});
export type SessionMeta = z.infer<typeof SessionMeta>;

const FileShape = z.object({
  agents: z.array(AgentRecord),
  environments: z.array(EnvironmentRecord),
  sessions: z.record(z.string(), SessionMeta),
});

export class ManagedAgentsStore {
  private agents = new Map<string, AgentRecord>();
  private environments = new Map<string, EnvironmentRecord>();
  private sessions = new Map<string, SessionMeta>();
  private writing: Promise<void> = Promise.resolve();
  private dirty = false;

  private constructor(
    private readonly file: string,
    private readonly onWriteError: (err: unknown) => void,
  ) {}

  /** Loads the file (absent: empty). A file that does not parse stops the start: it is not overwritten. */
  static async open(file: string, onWriteError: (err: unknown) => void): Promise<ManagedAgentsStore> {
    const store = new ManagedAgentsStore(file, onWriteError);
    let text: string | null = null;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (text !== null) {
      const parsed = FileShape.safeParse(JSON.parse(text));
      if (!parsed.success) throw new Error(`${file} is not a Managed Agents store: ${parsed.error.message}`);
      for (const a of parsed.data.agents) store.agents.set(a.id, a);
      for (const e of parsed.data.environments) store.environments.set(e.id, e);
      for (const [id, s] of Object.entries(parsed.data.sessions)) store.sessions.set(id, s);
    }
    return store;
  }

  agent(id: string): AgentRecord | undefined {
    return this.agents.get(id);
  }
  allAgents(): AgentRecord[] {
    return [...this.agents.values()];
  }
  putAgent(a: AgentRecord): void {
    this.agents.set(a.id, a);
    this.save();
  }

  environment(id: string): EnvironmentRecord | undefined {
    return this.environments.get(id);
  }
  allEnvironments(): EnvironmentRecord[] {
    return [...this.environments.values()];
  }
  putEnvironment(e: EnvironmentRecord): void {
    this.environments.set(e.id, e);
    this.save();
  }
  removeEnvironment(id: string): void {
    this.environments.delete(id);
    this.save();
  }

  session(id: string): SessionMeta | undefined {
    return this.sessions.get(id);
  }
  putSession(id: string, meta: SessionMeta): void {
    this.sessions.set(id, meta);
    this.save();
  }
  removeSession(id: string): void {
    if (this.sessions.delete(id)) this.save();
  }
  /** Forgets sessions the service no longer has (expired, deleted through the native API). */
  prune(exists: (id: string) => boolean): void {
    let changed = false;
    for (const id of [...this.sessions.keys()]) if (!exists(id)) changed = this.sessions.delete(id) || changed;
    if (changed) this.save();
  }

  /** Resolves once every change so far is on disk. */
  async flush(): Promise<void> {
    while (this.dirty) await this.writing;
    await this.writing;
  }

  // One write at a time; changes made meanwhile are written by the next one.
  private save(): void {
    if (this.dirty) return;
    this.dirty = true;
    this.writing = this.writing.then(async () => {
      this.dirty = false;
      const data = { agents: [...this.agents.values()], environments: [...this.environments.values()], sessions: Object.fromEntries(this.sessions) };
      await writeFileAtomic(this.file, JSON.stringify(data)).catch(this.onWriteError);
    });
  }
}
