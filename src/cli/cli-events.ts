import { z } from 'zod';

// Lines the CLI prints in stream-json mode. Objects stay loose (passthrough) because the
// CLI adds fields between versions; only what the service relies on is checked.

const Usage = z.looseObject({
  input_tokens: z.number().optional(),
  output_tokens: z.number().optional(),
  cache_creation_input_tokens: z.number().optional(),
  cache_read_input_tokens: z.number().optional(),
});

export const CliSystem = z.looseObject({
  type: z.literal('system'),
  subtype: z.string(),
  session_id: z.string().optional(),
  model: z.string().optional(),
  cwd: z.string().optional(),
});

const ContentBlock = z.looseObject({ type: z.string(), text: z.string().optional() });

export const CliAssistant = z.looseObject({
  type: z.literal('assistant'),
  message: z.looseObject({ content: z.array(ContentBlock).default([]) }),
  session_id: z.string().optional(),
});

export const CliUser = z.looseObject({
  type: z.literal('user'),
  message: z.looseObject({ content: z.union([z.string(), z.array(ContentBlock)]) }),
  session_id: z.string().optional(),
});

export const CliStreamEvent = z.looseObject({
  type: z.literal('stream_event'),
  event: z.looseObject({ type: z.string() }),
});

export const CliResult = z.looseObject({
  type: z.literal('result'),
  subtype: z.string(),
  is_error: z.boolean().default(false),
  result: z.string().optional(),
  session_id: z.string().optional(),
  duration_ms: z.number().optional(),
  duration_api_ms: z.number().optional(),
  num_turns: z.number().optional(),
  total_cost_usd: z.number().optional(),
  usage: Usage.optional(),
  api_error_status: z.number().nullable().optional(),
});

/** The CLI asks the driver something (with --permission-prompt-tool stdio: may a tool run?). */
export const CliControlRequest = z.looseObject({
  type: z.literal('control_request'),
  request_id: z.string().min(1),
  request: z.looseObject({
    subtype: z.string(),
    tool_name: z.string().optional(),
    input: z.record(z.string(), z.unknown()).optional(),
    permission_suggestions: z.array(z.unknown()).optional(),
    tool_use_id: z.string().optional(),
  }),
});

/** The CLI withdraws a request it made (the tool call was abandoned). */
export const CliControlCancel = z.looseObject({ type: z.literal('control_cancel_request'), request_id: z.string().min(1) });

/** The CLI's answer to a request the driver made (initialize, interrupt, set_permission_mode). */
export const CliControlResponse = z.looseObject({
  type: z.literal('control_response'),
  response: z.looseObject({ request_id: z.string().optional(), subtype: z.string().optional() }).optional(),
});

export type CliSystem = z.infer<typeof CliSystem>;
export type CliAssistant = z.infer<typeof CliAssistant>;
export type CliUser = z.infer<typeof CliUser>;
export type CliStreamEvent = z.infer<typeof CliStreamEvent>;
export type CliResult = z.infer<typeof CliResult>;
export type CliControlRequest = z.infer<typeof CliControlRequest>;
export type CliControlCancel = z.infer<typeof CliControlCancel>;

const KnownLine = z.discriminatedUnion('type', [
  CliSystem,
  CliAssistant,
  CliUser,
  CliStreamEvent,
  CliResult,
  CliControlRequest,
  CliControlCancel,
  CliControlResponse,
]);

/** A parsed stdout line: a known message, valid JSON of an unknown shape, or not JSON at all. */
export type CliLine =
  | z.infer<typeof KnownLine>
  | { type: 'unknown'; value: unknown }
  | { type: 'invalid'; text: string; reason: string };

export function parseCliLine(text: string): CliLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { type: 'invalid', text, reason: (err as Error).message };
  }
  // With partial messages the CLI prints one stream_event line per token: the same check as
  // CliStreamEvent (an object whose `event` is an object with a string `type`), without
  // zod's copy of the whole tree.
  if (isStreamEvent(value)) return value;
  const known = KnownLine.safeParse(value);
  return known.success ? known.data : { type: 'unknown', value };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function isStreamEvent(v: unknown): v is CliStreamEvent {
  return isPlainObject(v) && v.type === 'stream_event' && isPlainObject(v.event) && typeof v.event.type === 'string';
}

/** The text of an assistant message's text blocks, joined. */
export function assistantText(msg: CliAssistant): string {
  return msg.message.content
    .filter((b) => b.type === 'text' && typeof b.text === 'string')
    .map((b) => b.text)
    .join('');
}
