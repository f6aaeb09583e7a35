import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface ProjectionLag {
  readonly projection: string;
  readonly events: number;
  readonly seconds: number;
}

/** Every metric Quarry exports, on one registry per process (tests create their own). */
export class QuarryMetrics {
  readonly registry = new Registry();
  private lagSource: (() => Promise<readonly ProjectionLag[]>) | undefined;
  private lagInFlight: Promise<void> | undefined;

  readonly httpRequestDuration = new Histogram({
    name: 'quarry_http_request_duration_seconds',
    help: 'HTTP request latency by method, route template and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });

  readonly eventsAppended = new Counter({
    name: 'quarry_events_appended_total',
    help: 'Events appended to the event store by this process.',
    registers: [this.registry],
  });

  readonly projectionEventsApplied = new Counter({
    name: 'quarry_projection_events_applied_total',
    help: 'Events applied by projection runners of this process.',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });

  readonly projectionLagEvents = new Gauge({
    name: 'quarry_projection_lag_events',
    help: 'Events committed but not yet applied by a projection.',
    labelNames: ['projection'] as const,
    registers: [this.registry],
    collect: async () => this.collectLag(),
  });

  readonly projectionLagSeconds = new Gauge({
    name: 'quarry_projection_lag_seconds',
    help: 'Age of the oldest event a projection has not applied yet.',
    labelNames: ['projection'] as const,
    registers: [this.registry],
    collect: async () => this.collectLag(),
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics !== false)
      collectDefaultMetrics({ register: this.registry, prefix: 'quarry_' });
  }

  /** Lag is read from the database when Prometheus scrapes, not pushed. */
  setProjectionLagSource(source: () => Promise<readonly ProjectionLag[]>): void {
    this.lagSource = source;
  }

  /** Both lag gauges are collected concurrently in one scrape: they share one read. */
  private collectLag(): Promise<void> {
    this.lagInFlight ??= this.readLag().finally(() => (this.lagInFlight = undefined));
    return this.lagInFlight;
  }

  private async readLag(): Promise<void> {
    if (!this.lagSource) return;
    const lags = await this.lagSource().catch(() => []);
    for (const lag of lags) {
      this.projectionLagEvents.set({ projection: lag.projection }, lag.events);
      this.projectionLagSeconds.set({ projection: lag.projection }, lag.seconds);
    }
  }
}
