import { z } from 'zod';
import { isModelName, MODEL_ALIASES, type Config } from '../../config.js';

// The request of POST /openai/v1/chat/completions. Known OpenAI parameters that have no
// meaning for an agent (sampling, penalties, …) are accepted and ignored; anything else is a 400.

const TextPart = z.strictObject({ type: z.literal('text'), text: z.string() });
// Images and files do not reach the CLI over this surface: refused with a clear message.
const OtherPart = z.looseObject({ type: z.string() }).refine((p) => p.type === 'text', {
  message: 'only text content parts are supported (images, audio and files are not passed to the agent)',
});
const Content = z.union([z.string(), z.array(z.union([TextPart, OtherPart])).max(1000)]);

const Message = z.discriminatedUnion('role', [
  z.looseObject({ role: z.literal('system'), content: Content, name: z.string().optional() }),
  z.looseObject({ role: z.literal('developer'), content: Content, name: z.string().optional() }),
  z.looseObject({ role: z.literal('user'), content: Content, name: z.string().optional() }),
  z.looseObject({ role: z.literal('assistant'), content: Content.nullable().optional(), name: z.string().optional() }),
  z.looseObject({ role: z.literal('tool'), content: Content, tool_call_id: z.string() }),
]);
export type ChatMessage = z.infer<typeof Message>;

const ignored = z.unknown().optional();

export function makeOpenAiSchemas(config: Config) {
  const model = config.modelsRestricted
    ? z.string().refine((m) => config.models.includes(m), `must be one of ${config.models.join(', ')}`)
    : z.string().refine(isModelName, `must be a model alias (${MODEL_ALIASES.join(', ')}) or a Claude model id such as claude-sonnet-4-5`);
  const chatCompletion = z
    .strictObject({
      model,
      messages: z.array(Message).min(1).max(10_000),
      stream: z.boolean().nullable().optional(),
      stream_options: z.strictObject({ include_usage: z.boolean().optional(), include_obfuscation: z.boolean().optional() }).nullable().optional(),
      /** Our extension: the session to continue (a session id, or a completion id this API returned). */
      session_id: z.string().min(1).max(200).optional(),
      /** Names the conversation: requests with the same `user` continue one session. */
      user: z.string().min(1).max(128).refine((v) => !/\p{Cc}/u.test(v), 'must not contain control characters').optional(),
      n: z.literal(1).nullable().optional(),
      tools: z.array(z.unknown()).max(0, 'the agent uses its own tools (Claude Code\'s); OpenAI function tools are not supported').nullable().optional(),
      functions: z.array(z.unknown()).max(0, 'the agent uses its own tools; OpenAI functions are not supported').nullable().optional(),
      tool_choice: z.literal('none').or(z.literal('auto')).nullable().optional(),
      temperature: ignored,
      top_p: ignored,
      max_tokens: ignored,
      max_completion_tokens: ignored,
      presence_penalty: ignored,
      frequency_penalty: ignored,
      logit_bias: ignored,
      logprobs: ignored,
      top_logprobs: ignored,
      seed: ignored,
      stop: ignored,
      metadata: ignored,
      store: ignored,
      parallel_tool_calls: ignored,
      reasoning_effort: ignored,
      response_format: ignored,
      service_tier: ignored,
      modalities: ignored,
      prediction: ignored,
      verbosity: ignored,
      prompt_cache_key: ignored,
      safety_identifier: ignored,
    })
    .refine((b) => b.messages.some((m) => m.role === 'user'), { message: 'at least one user message is required', path: ['messages'] })
    .refine((b) => b.messages.at(-1)?.role === 'user', { message: 'the last message must be the user\'s (it is the prompt of the turn)', path: ['messages'] });
  return { chatCompletion };
}

export type OpenAiSchemas = ReturnType<typeof makeOpenAiSchemas>;
export type ChatCompletionRequest = z.output<OpenAiSchemas['chatCompletion']>;

/** A message's content as plain text (parts joined by blank lines). */
export function contentText(content: ChatMessage['content'] | undefined): string {
  if (content == null) return '';
  if (typeof content === 'string') return content;
  return content.map((p) => ('text' in p && typeof p.text === 'string' ? p.text : '')).join('\n\n');
}
