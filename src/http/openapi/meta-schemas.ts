import { z } from './zod.js';

// Response bodies of the service routes (health, models).

export const Health = z
  .strictObject({
    status: z.enum(['ok', 'shutting_down']),
    version: z.string().meta({ example: '0.1.0' }),
    cliVersion: z.string().nullable().meta({ description: '`claude --version`, asked once at start-up.' }),
    uptimeSeconds: z.number().int(),
    sessions: z.strictObject({ total: z.number().int(), activeTurns: z.number().int(), queuedTurns: z.number().int() }),
    limits: z.strictObject({ maxSessions: z.number().int(), maxConcurrentTurns: z.number().int() }),
  })
  .openapi('Health');

export const Models = z
  .strictObject({
    default: z.string().meta({ example: 'sonnet' }),
    models: z.array(z.strictObject({ id: z.string(), default: z.boolean() })),
  })
  .openapi('Models');
