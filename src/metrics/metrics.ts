import { collectDefaultMetrics, type Registry } from 'prom-client';
import type { StreamCounter } from '../http/env.js';
import type { SessionEvent } from '../sessions/events.js';
import type { SessionRecord } from '../sessions/session.js';
import { HttpRecorder } from './http-recorder.js';
import { createInstruments } from './instruments.js';
import { registerServiceGauges, type ServiceStats } from './service-gauges.js';
import { turnObserver } from './turn-observer.js';

/** The service's metrics: built once by the runtime around the Registry it owns. */
export interface Metrics {
  registry: Registry;
  /** HTTP requests by route, method and status, and their durations. */
  http: HttpRecorder;
  /** For LiveSessionLimits.observe: turn counts, durations, tokens and cost. */
  observe: (record: SessionRecord, event: SessionEvent) => void;
  /** Open SSE / WebSocket streams. */
  streams: StreamCounter;
  /** The gauges read this on each scrape (called once the service exists). */
  watch: (stats: () => ServiceStats | null) => void;
}

export function createMetrics(registry: Registry): Metrics {
  const instruments = createInstruments(registry);
  const http = new HttpRecorder(instruments.rateLimited);
  http.register(registry);
  // Node's own: memory, CPU, event-loop lag, handles. The lag monitor samples every 100 ms, not
  // prom-client's 10: at 10 it woke an idle server 100 times a second (~6 ms of CPU per second).
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 100 });
  // Both transports show from the first scrape, at 0.
  for (const transport of ['sse', 'ws'] as const) instruments.streamClients.set({ transport }, 0);
  let watched = false;
  return {
    registry,
    http,
    observe: turnObserver(instruments),
    streams: {
      opened: (transport) => instruments.streamClients.inc({ transport }),
      closed: (transport) => instruments.streamClients.dec({ transport }),
    },
    watch: (stats) => {
      if (watched) throw new Error('metrics already watch a service');
      watched = true;
      registerServiceGauges(registry, stats);
    },
  };
}
