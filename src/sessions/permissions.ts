import type { CliControlRequest } from '../cli/cli-events.js';
import { ApiError } from '../errors.js';
import type { SessionEventBody } from './events.js';

/** deny: the CLI's own -p behaviour; ask: the API client decides; a list: those tools run, others are denied. */
export type PermissionPolicy = 'deny' | 'ask' | string[];

export interface PermissionAnswer {
  decision: 'allow' | 'deny';
  message?: string;
  updatedInput?: Record<string, unknown>;
  remember?: 'session';
}

export interface PendingPermission {
  requestId: string;
  toolName: string;
  input: Record<string, unknown>;
  suggestions: unknown[];
  toolUseId: string | null;
  expiresAt: string;
}

type Publish = (body: Extract<SessionEventBody, { type: 'permission_request' | 'permission_resolved' }>) => void;

export interface BrokerDeps {
  turnId: string;
  policy: PermissionPolicy;
  /** Tools the client allowed for the whole session (`remember: "session"`). */
  remembered: Set<string>;
  timeoutMs: number;
  send: (message: object) => boolean;
  publish: Publish;
  /** Called when the pending set changes (the session's status shows it is waiting). */
  onChange: (waiting: boolean) => void;
  onRemember: (toolName: string) => void;
}

/** Answers a turn's `can_use_tool` requests: by policy, or by asking the API client with a deadline. */
export class PermissionBroker {
  private readonly pending = new Map<string, { p: PendingPermission; timer: NodeJS.Timeout }>();
  private readonly withdrawn = new Set<string>();

  constructor(private readonly deps: BrokerDeps) {}

  get waiting(): boolean {
    return this.pending.size > 0;
  }

  list(): PendingPermission[] {
    return [...this.pending.values()].map((x) => x.p);
  }

  handleRequest(req: CliControlRequest): void {
    const r = req.request;
    if (r.subtype !== 'can_use_tool' || !r.tool_name) {
      // Requests this driver does not serve get an error rather than a CLI left waiting.
      this.deps.send({ type: 'control_response', response: { subtype: 'error', request_id: req.request_id, error: `unsupported: ${r.subtype}` } });
      return;
    }
    const toolName = r.tool_name;
    const input = r.input ?? {};
    const { policy } = this.deps;
    if (this.deps.remembered.has(toolName) || (Array.isArray(policy) && policy.includes(toolName))) {
      return this.reply(req.request_id, toolName, { decision: 'allow', updatedInput: input }, 'policy');
    }
    if (policy !== 'ask') {
      return this.reply(req.request_id, toolName, { decision: 'deny', message: `${toolName} is not allowed in this session` }, 'policy');
    }
    const p: PendingPermission = {
      requestId: req.request_id,
      toolName,
      input,
      suggestions: r.permission_suggestions ?? [],
      toolUseId: r.tool_use_id ?? null,
      expiresAt: new Date(Date.now() + this.deps.timeoutMs).toISOString(),
    };
    const timer = setTimeout(() => {
      const seconds = Math.round(this.deps.timeoutMs / 1000);
      this.settle(p.requestId, { decision: 'deny', message: `No answer from the API client within ${seconds} s: the request was denied.` }, 'timeout');
    }, this.deps.timeoutMs);
    this.pending.set(p.requestId, { p, timer });
    this.deps.publish({ type: 'permission_request', turnId: this.deps.turnId, ...p });
    this.deps.onChange(true);
  }

  handleCancel(requestId: string): void {
    const entry = this.pending.get(requestId);
    if (!entry) return;
    this.drop(requestId);
    this.withdrawn.add(requestId);
    this.publishResolved(requestId, entry.p.toolName, 'withdrawn', 'cli', null);
  }

  answer(requestId: string, answer: PermissionAnswer): void {
    if (this.withdrawn.has(requestId)) throw new ApiError('PERMISSION_WITHDRAWN', 'the CLI withdrew this request');
    const entry = this.pending.get(requestId);
    if (!entry) throw new ApiError('PERMISSION_NOT_FOUND', 'no pending permission request with this id');
    if (answer.decision === 'allow' && answer.remember === 'session') {
      this.deps.remembered.add(entry.p.toolName);
      this.deps.onRemember(entry.p.toolName);
    }
    // The CLI requires updatedInput on allow: without it the tool fails.
    this.settle(requestId, { ...answer, updatedInput: answer.updatedInput ?? entry.p.input }, 'client');
  }

  /** The turn is over: nothing pending can be answered any more. */
  close(): void {
    for (const [id, { p }] of [...this.pending]) {
      this.drop(id);
      this.publishResolved(id, p.toolName, 'deny', 'turn_ended', 'the turn ended');
    }
  }

  private settle(requestId: string, answer: PermissionAnswer, by: 'client' | 'timeout'): void {
    const entry = this.pending.get(requestId);
    if (!entry) return;
    this.drop(requestId);
    this.reply(requestId, entry.p.toolName, answer, by);
  }

  private reply(requestId: string, toolName: string, answer: PermissionAnswer, by: 'client' | 'policy' | 'timeout'): void {
    const response =
      answer.decision === 'allow'
        ? { behavior: 'allow', updatedInput: answer.updatedInput ?? {} }
        : { behavior: 'deny', message: answer.message ?? 'Denied by the API client.', interrupt: false };
    this.deps.send({ type: 'control_response', response: { subtype: 'success', request_id: requestId, response } });
    this.publishResolved(requestId, toolName, answer.decision, by, answer.message ?? null);
  }

  private drop(requestId: string): void {
    const entry = this.pending.get(requestId);
    if (entry) clearTimeout(entry.timer);
    this.pending.delete(requestId);
    this.deps.onChange(this.pending.size > 0);
  }

  private publishResolved(
    requestId: string,
    toolName: string,
    decision: 'allow' | 'deny' | 'withdrawn',
    by: 'client' | 'policy' | 'timeout' | 'cli' | 'turn_ended',
    message: string | null,
  ): void {
    this.deps.publish({ type: 'permission_resolved', turnId: this.deps.turnId, requestId, toolName, decision, by, message });
  }
}
