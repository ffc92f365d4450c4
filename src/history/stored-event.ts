import { z } from 'zod';
import type { SessionEvent } from '../sessions/events.js';

const TYPES = [
  'turn_started', 'queued', 'process_started', 'system', 'assistant', 'user', 'stream_event', 'result',
  'warning', 'context_reset', 'error', 'turn_finished', 'permission_request', 'permission_resolved', 'permission_mode_changed', 'budget_exceeded',
] as const;

// History lines are the service's own, but a file on disk is still a boundary: the envelope is
// checked, the body is trusted as written by this version of the service.
const Envelope = z.looseObject({
  id: z.number().int().positive(),
  type: z.enum(TYPES),
  turnId: z.string(),
  sessionId: z.string(),
  at: z.string(),
});

export function parseStoredEvent(line: string): SessionEvent | null {
  try {
    const parsed = Envelope.safeParse(JSON.parse(line));
    return parsed.success ? (parsed.data as unknown as SessionEvent) : null;
  } catch {
    return null;
  }
}
