import {
  AggregatorRegistry,
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
} from 'prom-client';
import type { MetricObjectWithValues, MetricValue } from 'prom-client';

/** One registry's metrics as data, as another thread sends them. */
export type MetricsSnapshot = MetricObjectWithValues<MetricValue<string>>[];

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
  private readonly threads: (() => Promise<MetricsSnapshot>)[] = [];

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

  /** The metrics of another thread of this process (the worker's), added into every scrape. */
  addThread(snapshot: () => Promise<MetricsSnapshot>): void {
    this.threads.push(snapshot);
  }

  /** The Prometheus text of this process: this registry, plus its other threads' counts summed in. */
  async render(): Promise<string> {
    if (this.threads.length === 0) return this.registry.metrics();
    const snapshots = await Promise.all([
      this.registry.getMetricsAsJSON(),
      // A thread that does not answer leaves its counts out of this scrape, not the scrape out.
      ...this.threads.map((snapshot) => snapshot().catch(() => [])),
    ]);
    return AggregatorRegistry.aggregate(snapshots).metrics();
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
