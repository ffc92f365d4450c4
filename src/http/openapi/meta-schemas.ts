import { z } from './zod.js';

// Response bodies of the service routes (health, models).

export const Health = z
  .strictObject({
    status: z.enum(['ok', 'shutting_down']),
    version: z.string().meta({ example: '0.1.0' }),
    cliVersion: z.string().nullable().meta({ description: '`claude --version`, asked once at start-up.' }),
    uptimeSeconds: z.number().int(),
    sessions: z.strictObject({ total: z.number().int(), activeTurns: z.number().int(), queuedTurns: z.number().int() }),
    prestart: z
      .strictObject({
        target: z.number().int().meta({ description: 'How many CLIs the pool keeps started ahead of their sessions (`PREWARM_PROCESSES`; 0 when off).' }),
        ready: z.number().int().meta({ description: 'How many wait now with their start-up over: the next sessions created adopt them and their first turn skips the CLI start.' }),
        starting: z
          .number()
          .int()
          .meta({ description: 'How many are being launched or still starting up (0.6-1 s): a session adopts one only when none is ready, and its first turn waits out the rest of that start.' }),
      })
      .meta({ description: 'The pre-started CLI pool.' }),
    tailing: z
      .strictObject({
        sessions: z.number().int().meta({ description: 'Sessions run by other replicas whose event streams this replica tails (one blocking Redis connection for all).' }),
        subscribers: z.number().int().meta({ description: 'Clients of this replica following those streams.' }),
      })
      .nullable()
      .meta({ description: 'Shared mode: event streams this replica serves from Redis for sessions it does not run; null on a single node.' }),
    limits: z.strictObject({ maxSessions: z.number().int(), maxConcurrentTurns: z.number().int() }),
    sandbox: z
      .strictObject({
        mode: z.enum(['bwrap', 'none']).meta({ description: 'What is in force: `bwrap` (every CLI in its own sandbox) or `none`.' }),
        requested: z.enum(['auto', 'bwrap', 'none']).meta({ description: 'The `SANDBOX` setting.' }),
        reason: z.string().nullable().meta({ description: 'Why no sandbox is in force, when none is.' }),
        network: z.enum(['gateway-only', 'allow-list', 'host']).meta({ description: 'What a sandboxed CLI can reach: the model gateway only, or also `SANDBOX_ALLOW_DOMAINS`; `host`: unsandboxed.' }),
        bridge: z
          .enum(['native', 'socat'])
          .nullable()
          .meta({ description: 'What joins a sandbox\'s loopback port to the gateway: `native` (native/build/cca-bridge) or `socat`; `SANDBOX_BRIDGE`. Null without a sandbox.' }),
        limits: z.strictObject({
          version: z.enum(['v1', 'v2']).nullable().meta({ description: 'The cgroup version used for per-sandbox limits; null: none in force.' }),
          controllers: z.array(z.string()),
          reason: z.string().optional(),
          maxProcesses: z.number().int().nullable(),
          memoryBytes: z.number().int().nullable(),
          cpus: z.number().nullable(),
        }),
      })
      .nullable()
      .meta({ description: 'How CLI processes are confined (null while the service starts).' }),
    spawner: z
      .enum(['helper', 'direct'])
      .nullable()
      .meta({
        description:
          'Who starts CLIs: `helper` (native/build/cca-spawn, a small process that spawns them without copying the server) or `direct` (the server forks itself per CLI); `SPAWN_HELPER`. Null while the service starts.',
      }),
    gateway: z.strictObject({
      credential: z
        .enum(['api-key', 'bearer', 'oauth', 'host-login', 'none'])
        .nullable()
        .meta({ description: "The kind of Anthropic credential the service's gateway forwards with; CLIs never see it." }),
    }),
  })
  .openapi('Health');

export const Models = z
  .strictObject({
    default: z.string().meta({ example: 'sonnet' }),
    models: z.array(z.strictObject({ id: z.string(), default: z.boolean() })),
  })
  .openapi('Models');
