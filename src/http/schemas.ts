import { z } from 'zod';
import { DOMAIN, isModelName, MODEL_ALIASES, PERMISSION_MODES, type Config } from '../config.js';
import { domainRequestAllowed } from '../gateway/egress-policy.js';

// Request schemas. Objects are strict: an unknown field is an error, not silently ignored.

// A tool name, optionally with a permission pattern: `Write`, `mcp__srv__tool`, `Bash(git diff:*)`.
// Commas are excluded because the list reaches the CLI comma-joined.
const TOOL = /^[A-Za-z][A-Za-z0-9_-]{0,127}(\([^(),\n\r\0]{1,200}\))?$/;

const queryBool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export function makeSchemas(config: Config) {
  // A pattern, not a refinement: the document then says what the server checks.
  const prompt = z
    .string()
    .max(config.maxPromptChars, `must be at most ${config.maxPromptChars} characters`)
    .regex(/\S/, 'must not be empty');
  const name = z
    .string()
    .trim()
    .min(1)
    .max(200)
    .refine((v) => !/\p{Cc}/u.test(v), 'must not contain control characters');
  const modes = config.allowBypassPermissions ? PERMISSION_MODES : PERMISSION_MODES.filter((m) => m !== 'bypassPermissions');
  const toolList = z.array(z.string().regex(TOOL, 'must be a tool name such as Write or Bash(git diff:*)')).max(100);

  const permissionPolicy = z.union([z.enum(['deny', 'ask']), toolList.min(1)]);
  const permissionMode = z.enum(modes as [string, ...string[]]);

  const createSession = z
    .strictObject({
      name: name.optional(),
      session_name: name.optional().meta({ description: 'The Python design\'s name for `name`: give one or the other, not both (400).' }),
      model: (config.modelsRestricted
        ? z.enum(config.models as [string, ...string[]])
        : z.string().refine(isModelName, `must be a model alias (${MODEL_ALIASES.join(', ')}) or a Claude model id such as claude-sonnet-4-5-20250929`)
      ).optional(),
      permissionMode: z.enum(modes as [string, ...string[]]).optional(),
      initialPrompt: prompt.optional(),
      initial_prompt: prompt.optional(),
      allowedTools: toolList.optional(),
      disallowedTools: toolList.optional(),
      appendSystemPrompt: z.string().max(config.maxPromptChars).optional(),
      maxTurns: z.number().int().min(1).max(1000).optional(),
      /** A base64 .tar.gz unpacked into the new workspace (bounded by BODY_LIMIT_BYTES). */
      archive: z.base64('must be a base64-encoded .tar.gz').optional(),
      permissionPolicy: permissionPolicy.optional(),
      maxBudgetUsd: z.number().positive().max(1_000_000).optional(),
      processMode: z.enum(['per-turn', 'warm']).optional(),
      resumeClaudeSessionId: z.uuid().optional(),
      importWorkspace: z.boolean().optional(),
      allowedDomains: z
        .array(z.string().toLowerCase().regex(DOMAIN, 'must be a domain name or *.domain'))
        .max(100)
        .refine((list) => list.every((d) => domainRequestAllowed(d, config.sandbox.sessionDomains)), {
          message: config.sandbox.sessionDomains.length
            ? `every domain must be covered by the server's SANDBOX_SESSION_DOMAINS (${config.sandbox.sessionDomains.join(', ')})`
            : 'this server lets no session add domains (SANDBOX_SESSION_DOMAINS is empty)',
        })
        .optional(),
    })
    .refine((b) => !b.importWorkspace || b.resumeClaudeSessionId, {
      message: 'importWorkspace goes with resumeClaudeSessionId',
      path: ['importWorkspace'],
    })
    .refine((b) => !(b.name && b.session_name), { message: 'give name or session_name, not both', path: ['session_name'] })
    .refine((b) => !(b.initialPrompt && b.initial_prompt), {
      message: 'give initialPrompt or initial_prompt, not both',
      path: ['initial_prompt'],
    });

  const sendMessage = z.strictObject({
    prompt,
    stream: z.boolean().optional(),
    partial: z.boolean().optional(),
    cancelOnDisconnect: z.boolean().optional(),
    permissionPolicy: permissionPolicy.optional(),
  });

  const streamQuery = z.strictObject({
    prompt,
    permissionPolicy: z.enum(['deny', 'ask']).optional(),
    partial: queryBool.optional(),
    cancelOnDisconnect: queryBool.optional(),
  });

  const listQuery = z.strictObject({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().min(1).max(200).optional().meta({ description: "A previous page's `nextCursor`, as given; anything else is 400 VALIDATION_FAILED." }),
  });

  const deleteQuery = z.strictObject({ keepWorkspace: queryBool.optional() });

  const messageQuery = z.strictObject({ cancelOnDisconnect: queryBool.optional() });

  const historyQuery = z.strictObject({
    order: z.enum(['asc', 'desc']).default('asc'),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.coerce.number().int().min(0).optional(),
  });

  const eventsQuery = z.strictObject({ after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional() });

  const permissionAnswer = z.strictObject({
    decision: z.enum(['allow', 'deny']),
    message: z.string().max(10_000).optional(),
    updatedInput: z.record(z.string(), z.unknown()).optional(),
    remember: z.literal('session').optional(),
  });

  const permissionModeBody = z.strictObject({ mode: permissionMode });
  const renameSession = z.strictObject({ name: name.nullable().meta({ description: 'The new name; null removes it.' }) });

  const day = z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
    // A real calendar day: 2026-02-31 is refused, not read as March 3rd.
    .refine((d) => {
      const t = new Date(`${d}T00:00:00Z`);
      return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
    }, 'must be a calendar date');
  const usageQuery = z.strictObject({ from: day.optional(), to: day.optional() });

  return { usageQuery, permissionAnswer, permissionModeBody, renameSession, historyQuery, eventsQuery, createSession, sendMessage, streamQuery, listQuery, deleteQuery, messageQuery };
}

export type Schemas = ReturnType<typeof makeSchemas>;
