import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

// Every metric the service exposes, registered on one Registry (never prom-client's global one).

export function createInstruments(registry: Registry) {
  const registers = [registry];
  return {
    rateLimited: new Counter({
      name: 'cca_rate_limited_total',
      help: 'Requests refused with 429 RATE_LIMITED.',
      labelNames: ['route'] as const,
      registers,
    }),
    turnsStarted: new Counter({ name: 'cca_turns_started_total', help: 'Turns started.', labelNames: ['model'] as const, registers }),
    turnsFinished: new Counter({
      name: 'cca_turns_finished_total',
      help: 'Turns finished by status (completed, failed, interrupted) and reason (the end reason, else the status).',
      labelNames: ['status', 'reason'] as const,
      registers,
    }),
    turnDuration: new Histogram({
      name: 'cca_turn_duration_seconds',
      help: 'Turn duration, queueing included.',
      labelNames: ['status'] as const,
      buckets: [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800],
      registers,
    }),
    firstEvent: new Histogram({
      name: 'cca_turn_first_event_seconds',
      help: "From a turn's start to the CLI's first output line (queueing and CLI start-up included).",
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
      registers,
    }),
    tokens: new Counter({
      name: 'cca_tokens_total',
      help: 'Tokens reported by finished turns, by model and kind (input, output, cache_creation, cache_read).',
      labelNames: ['model', 'kind'] as const,
      registers,
    }),
    costUsd: new Counter({ name: 'cca_cost_usd_total', help: 'Cost reported by finished turns, in USD.', labelNames: ['model'] as const, registers }),
    streamClients: new Gauge({
      name: 'cca_stream_clients',
      help: 'Open event streams by transport (sse, ws).',
      labelNames: ['transport'] as const,
      registers,
    }),
  };
}

export type Instruments = ReturnType<typeof createInstruments>;
