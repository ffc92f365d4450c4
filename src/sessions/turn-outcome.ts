import type { CliResult } from '../cli/cli-events.js';
import type { ProcessOutcome } from '../cli/cli-process.js';
import type { FileChanges, ResultSummary, SessionEvent, TurnError, TurnStatus } from './events.js';
import { NO_CREDENTIAL } from '../gateway/credentials.js';

export interface TurnOutcome {
  turnId: string;
  status: TurnStatus;
  /** The final text: the CLI's result text, else what the assistant said before the end. */
  text: string;
  result: ResultSummary | null;
  error: TurnError | null;
  /** This turn's events (without token deltas), bounded; `eventsDropped` counts the rest. */
  events: SessionEvent[];
  eventsDropped: number;
  durationMs: number;
  /** Why the turn ended early, when it did. */
  endReason: string | null;
  files: FileChanges | null;
}

export interface OutcomeInput {
  turnId: string;
  endRequest: 'interrupt' | 'cancel' | 'shutdown' | null;
  exit: ProcessOutcome | null;
  result: ResultSummary | null;
  texts: string[];
  events: SessionEvent[];
  eventsDropped: number;
  durationMs: number;
  files: FileChanges | null;
  /** The model gateway refused or cut a request of this turn at the spend cap. */
  stoppedBySpendCap?: boolean;
  /** The model gateway refused a request of this turn: the service has no credential. */
  noCredential?: boolean;
}

export function summarizeResult(r: CliResult): ResultSummary {
  const u = r.usage ?? {};
  return {
    isError: r.is_error,
    subtype: r.subtype,
    text: r.result ?? null,
    costUsd: r.total_cost_usd ?? 0,
    usage: {
      inputTokens: u.input_tokens ?? 0,
      outputTokens: u.output_tokens ?? 0,
      cacheCreationInputTokens: u.cache_creation_input_tokens ?? 0,
      cacheReadInputTokens: u.cache_read_input_tokens ?? 0,
    },
    durationMs: r.duration_ms ?? null,
    durationApiMs: r.duration_api_ms ?? null,
    numTurns: r.num_turns ?? null,
    claudeSessionId: r.session_id ?? null,
    apiErrorStatus: r.api_error_status ?? null,
  };
}

/** Folds how the process ended and what it printed into one status and error. */
export function decideOutcome(input: OutcomeInput): TurnOutcome {
  const { exit, result, endRequest } = input;
  const stop = exit?.stopReason ?? null;
  const text = result?.text ?? input.texts.join('\n\n');
  const sandboxReason = sandboxFailure(exit);
  let status: TurnStatus;
  let error: TurnError | null = null;
  let endReason: string | null = endRequest;
  if (endRequest) {
    status = 'interrupted';
  } else if (stop === 'timeout' || stop === 'idle') {
    status = 'failed';
    endReason = stop;
    error = {
      code: 'TURN_TIMEOUT',
      message: stop === 'idle' ? 'the CLI printed nothing for too long and was stopped' : 'the turn ran past TURN_TIMEOUT_MS',
      details: processDetails(exit),
    };
  } else if (input.noCredential && !(result && !result.isError)) {
    status = 'failed';
    error = { code: 'CLI_NOT_AUTHENTICATED', message: NO_CREDENTIAL };
  } else if (input.stoppedBySpendCap && !(result && !result.isError)) {
    status = 'failed';
    error = { code: 'BUDGET_EXCEEDED', message: 'the turn reached its spend cap and was stopped', details: { by: 'gateway', ...processDetails(exit) } };
  } else if (result) {
    status = result.isError ? 'failed' : 'completed';
    if (result.isError && result.subtype === 'error_max_budget_usd') {
      error = { code: 'BUDGET_EXCEEDED', message: 'the turn reached its spend cap and was stopped', details: { subtype: result.subtype } };
    } else if (result.isError) {
      error = {
        code: 'CLI_FAILED',
        message: result.text ?? `the CLI reported an error (${result.subtype})`,
        details: { subtype: result.subtype, apiErrorStatus: result.apiErrorStatus },
      };
    }
  } else if (sandboxReason) {
    status = 'failed';
    error = {
      code: 'SANDBOX_FAILED',
      message: `the sandbox could not start: ${sandboxReason}`,
      details: { reason: sandboxReason, ...processDetails(exit) },
    };
  } else {
    status = 'failed';
    error = {
      code: 'CLI_FAILED',
      message: exit?.spawnError
        ? `the CLI could not be started: ${exit.spawnError}`
        : `the CLI ended without a result (exit code ${exit?.exitCode ?? 'none'}, signal ${exit?.signal ?? 'none'})`,
      details: processDetails(exit),
    };
  }
  return {
    turnId: input.turnId,
    status,
    text,
    result,
    error,
    events: input.events,
    eventsDropped: input.eventsDropped,
    durationMs: input.durationMs,
    endReason,
    files: input.files,
  };
}

// Set up by the launcher, or said by bwrap (or our wrapper) before the CLI ever ran.
function sandboxFailure(exit: ProcessOutcome | null): string | null {
  if (!exit) return null;
  if (exit.sandboxError) return exit.sandboxError;
  const m = /^(?:bwrap|sandbox): (.+)$/m.exec(exit.stderr);
  return m ? m[1]! : null;
}

function processDetails(exit: ProcessOutcome | null): Record<string, unknown> {
  if (!exit) return {};
  return { exitCode: exit.exitCode, signal: exit.signal, stderr: exit.stderr.slice(-4000) };
}
