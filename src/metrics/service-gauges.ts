import { Gauge, type Registry } from 'prom-client';

/** What the gauges read on each scrape: SessionService.stats(). */
export interface ServiceStats {
  sessions: number;
  activeTurns: number;
  queuedTurns: number;
  liveProcesses: number;
  byStatus: Record<string, number>;
  /** Pre-started CLIs: how many the pool keeps, how many wait started up, how many are still starting. */
  prestart: { target: number; ready: number; starting: number };
  /** Shared mode: the sessions (and their clients) this replica tails in Redis for others; null otherwise. */
  tailing: { sessions: number; subscribers: number } | null;
}

// Collected when scraped, from the service itself: never a second count that could drift.
export function registerServiceGauges(registry: Registry, stats: () => ServiceStats | null): void {
  const registers = [registry];
  // stats() walks every session: one walk serves the four gauges of a scrape (one macrotask).
  let cached: ServiceStats | null | undefined;
  const current = () => {
    if (cached === undefined) {
      cached = stats();
      setImmediate(() => (cached = undefined));
    }
    return cached;
  };
  const read = (pick: (s: ServiceStats) => number) =>
    function (this: Gauge) {
      const s = current();
      if (s) this.set(pick(s));
    };
  new Gauge({ name: 'cca_active_turns', help: 'Turns queued or running.', registers, collect: read((s) => s.activeTurns) });
  new Gauge({ name: 'cca_queued_turns', help: 'Turns waiting for a CLI slot.', registers, collect: read((s) => s.queuedTurns) });
  new Gauge({ name: 'cca_cli_processes', help: 'CLI processes alive.', registers, collect: read((s) => s.liveProcesses) });
  new Gauge({
    name: 'cca_prestarted_clis',
    help: 'Pre-started CLIs: waiting for a session with their start-up over (ready), or still starting.',
    labelNames: ['state'],
    registers,
    collect(this: Gauge) {
      const s = current();
      if (!s) return;
      this.set({ state: 'ready' }, s.prestart.ready);
      this.set({ state: 'starting' }, s.prestart.starting);
    },
  });
  new Gauge({
    name: 'cca_tailed_sessions',
    help: 'Shared mode: sessions another replica runs whose event streams this replica tails for its clients.',
    registers,
    collect: read((s) => s.tailing?.sessions ?? 0),
  });
  new Gauge({
    name: 'cca_sessions',
    help: 'Sessions held, by status.',
    labelNames: ['status'] as const,
    registers,
    collect() {
      const s = current();
      if (!s) return;
      for (const [status, n] of Object.entries(s.byStatus)) this.set({ status }, n);
    },
  });
}
