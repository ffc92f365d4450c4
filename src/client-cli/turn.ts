import { ApiError, type Api } from './http.js';
import type { Output } from './output.js';
import { describeTool, TurnRenderer } from './render.js';
import { readEvents } from './sse.js';

export type Decision = 'allow' | 'deny';

export interface PermissionRequest {
  requestId: string;
  toolName: string;
  input: Record<string, unknown>;
}

export interface TurnOptions {
  /** Decides a permission request the CLI is waiting on; null when `signal` says it was settled elsewhere. */
  ask: (req: PermissionRequest, label: string, signal: AbortSignal) => Promise<Decision | null>;
  workspace?: string;
  /** Called with the turn id once the server accepted the turn (to interrupt it later). */
  onStart?: (turnId: string) => void;
  /** This turn's policy, over the session's: `ask` sends every request to `ask` above. */
  permissionPolicy?: 'ask' | 'deny';
}

export interface TurnFinished {
  status: 'completed' | 'failed' | 'interrupted';
  text: string | null;
  error: { code: string; message: string } | null;
  /** Tools refused during the turn (`Tool: why`): a completed turn with denials is no plain success. */
  denied: string[];
}

/** Runs one turn over SSE with token deltas, rendering as events arrive; null if the stream broke off. */
export async function runTurn(api: Api, out: Output, sessionId: string, prompt: string, o: TurnOptions): Promise<TurnFinished | null> {
  const json = { prompt, stream: true, partial: true, ...(o.permissionPolicy ? { permissionPolicy: o.permissionPolicy } : {}) };
  const res = await api.fetch('POST', `/sessions/${encodeURIComponent(sessionId)}/messages`, { json });
  const denied: string[] = [];
  const renderer = new TurnRenderer(out, o.workspace);
  let finished: TurnFinished | null = null;
  // Questions still open; the stream keeps being read meanwhile (a timeout or the turn's end settles them).
  const open = new Map<string, AbortController>();
  try {
    for await (const m of readEvents(res)) {
      if (m.event === 'done') break;
      const e = m.data;
      if (out.json) out.record(e);
      else renderer.event(e);
      if (e.type === 'turn_started') o.onStart?.(e.turnId);
      if (e.type === 'permission_request') {
        const ac = new AbortController();
        open.set(e.requestId, ac);
        void answerPermission(api, out, sessionId, e, o, ac.signal).finally(() => open.delete(e.requestId));
      }
      if (e.type === 'permission_resolved') {
        open.get(e.requestId)?.abort();
        if (e.decision === 'deny') denied.push(`${e.toolName}: ${e.message ?? `denied (${e.by})`}`);
      }
      if (e.type === 'turn_finished') finished = { status: e.status, text: e.text, error: e.error, denied };
    }
  } finally {
    for (const ac of open.values()) ac.abort();
  }
  return finished;
}

async function answerPermission(api: Api, out: Output, sessionId: string, e: PermissionRequest, o: TurnOptions, signal: AbortSignal): Promise<void> {
  const label = describeTool(e.toolName, e.input, o.workspace);
  const decision = await o.ask(e, label, signal);
  if (decision === null) return;
  try {
    await api.json('POST', `/sessions/${encodeURIComponent(sessionId)}/permissions/${encodeURIComponent(e.requestId)}`, { json: { decision } });
  } catch (err) {
    // Answered too late (timed out, withdrawn, turn over): the stream says what happened instead.
    out.note(`  could not answer the permission request: ${err instanceof ApiError ? `${err.code}: ` : ''}${(err as Error).message}`);
  }
}
