import type { CliAssistant, CliResult, CliStreamEvent, CliSystem, CliUser } from '../cli/cli-events.js';
import type { ErrorCode } from '../errors.js';
import type { PendingPermission } from './permissions.js';

// The event union every channel carries (JSON replies, SSE, later history and WebSocket).

export type TurnStatus = 'completed' | 'failed' | 'interrupted';

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheCreationInputTokens: number;
  cacheReadInputTokens: number;
}

export interface ResultSummary {
  isError: boolean;
  subtype: string;
  text: string | null;
  costUsd: number;
  usage: Usage;
  durationMs: number | null;
  durationApiMs: number | null;
  numTurns: number | null;
  claudeSessionId: string | null;
  apiErrorStatus: number | null;
}

export interface TurnError {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

/** What a turn changed in its workspace (a bounded before/after scan). */
export interface FileChanges {
  created: string[];
  modified: string[];
  deleted: string[];
  /** The workspace had more entries than the scan reads: the lists may be incomplete. */
  truncated: boolean;
}

export type WarningCode = 'INVALID_LINE' | 'UNKNOWN_LINE' | 'UNHANDLED_CONTROL' | 'CONTEXT_RESET';

export type SessionEventBody =
  | { type: 'turn_started'; turnId: string; turnNumber: number; continued: boolean; prompt: string }
  | { type: 'queued'; turnId: string; position: number }
  | { type: 'process_started'; turnId: string; pid: number | null }
  | { type: 'system'; turnId: string; message: CliSystem }
  | { type: 'assistant'; turnId: string; message: CliAssistant }
  | { type: 'user'; turnId: string; message: CliUser }
  | { type: 'stream_event'; turnId: string; message: CliStreamEvent }
  | { type: 'result'; turnId: string; message: CliResult }
  | { type: 'warning'; turnId: string; code: WarningCode; message: string; data?: unknown }
  | { type: 'context_reset'; turnId: string; previousClaudeSessionId: string; claudeSessionId: string }
  | ({ type: 'permission_request'; turnId: string } & PendingPermission)
  | {
      type: 'permission_resolved';
      turnId: string;
      requestId: string;
      toolName: string;
      decision: 'allow' | 'deny' | 'withdrawn';
      by: 'client' | 'policy' | 'timeout' | 'cli' | 'turn_ended';
      message: string | null;
    }
  | { type: 'permission_mode_changed'; turnId: string; mode: string }
  | { type: 'budget_exceeded'; turnId: string; scope: 'session' | 'key'; budgetUsd: number; spentUsd: number }
  | { type: 'error'; turnId: string; code: ErrorCode; message: string; details?: Record<string, unknown> }
  | {
      type: 'turn_finished';
      turnId: string;
      status: TurnStatus;
      text: string;
      result: ResultSummary | null;
      error: TurnError | null;
      /** Why it ended early: interrupt, cancel, shutdown, timeout, idle, server_restart. */
      endReason: string | null;
      files: FileChanges | null;
      durationMs: number;
    };

export type SessionEventType = SessionEventBody['type'];

/** An event as published: the body plus its per-session monotonically increasing id. */
export type SessionEvent = SessionEventBody & { id: number; sessionId: string; at: string };
