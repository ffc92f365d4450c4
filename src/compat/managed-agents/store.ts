import { customAlphabet } from 'nanoid';
import { z } from 'zod';

// Agents, environments and the Managed Agents side of sessions: the records, and the store port
// (a JSON file under STATE_DIR on one node, Redis in shared mode: see runtime.ts).

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

export const AgentRecord = z.object({
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

export const EnvironmentRecord = z.object({
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
export const SessionMeta = z.object({
  agent: z.object({ id: z.string(), version: AgentVersion }),
  environment_id: z.string(),
  title: z.string().nullable(),
  metadata: Metadata,
  updated_at: z.string(),
  archived_at: z.string().nullable(),
});
export type SessionMeta = z.infer<typeof SessionMeta>;

/** A change of a stored record: the next record, or null to leave it as it is. */
export type Change<T> = (current: T) => T | null;

/**
 * Where agents, environments and session metadata are kept. A `change…` applies its function to
 * the record as stored now and writes the result only if nobody wrote in between (else it runs
 * again on the newer record), so a check inside it (an agent's version) is exact across replicas.
 * It resolves to the record as stored after it, undefined when there is no such record.
 */
export interface ManagedAgentsStore {
  agent(id: string): Promise<AgentRecord | undefined>;
  agents(): Promise<AgentRecord[]>;
  addAgent(a: AgentRecord): Promise<void>;
  changeAgent(id: string, change: Change<AgentRecord>): Promise<AgentRecord | undefined>;

  environment(id: string): Promise<EnvironmentRecord | undefined>;
  environments(): Promise<EnvironmentRecord[]>;
  addEnvironment(e: EnvironmentRecord): Promise<void>;
  changeEnvironment(id: string, change: Change<EnvironmentRecord>): Promise<EnvironmentRecord | undefined>;
  removeEnvironment(id: string): Promise<void>;

  session(id: string): Promise<SessionMeta | undefined>;
  /** The metadata of each of these sessions that has some. */
  sessions(ids: readonly string[]): Promise<Map<string, SessionMeta>>;
  putSession(id: string, meta: SessionMeta): Promise<void>;
  changeSession(id: string, change: Change<SessionMeta>): Promise<SessionMeta | undefined>;
  removeSession(id: string): Promise<void>;
  /** Forgets the metadata of sessions that no longer exist (expired, deleted through the native API). */
  prune(exist: (ids: readonly string[]) => Promise<boolean[]>): Promise<void>;

  /** Resolves once every change so far is stored. */
  flush(): Promise<void>;
}
