import { Inject, Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EVENT_STORE } from '@quarry/eventstore';
import type { EventStore } from '@quarry/eventstore';
import { QuarryMetrics } from '@quarry/observability';
import { projectionStatus } from '@quarry/projection-engine';
import { PROJECTIONS } from '@quarry/projections';

/** Feeds the projection lag gauges from the database each time Prometheus scrapes. */
@Injectable()
export class ProjectionLagSource implements OnModuleInit {
  constructor(
    private readonly metrics: QuarryMetrics,
    private readonly dataSource: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  onModuleInit(): void {
    this.metrics.setProjectionLagSource(async () => {
      const statuses = await Promise.all(
        PROJECTIONS.map((p) => projectionStatus(this.dataSource, this.store, p)),
      );
      return statuses.map((s) => ({
        projection: s.name,
        events: s.lagEvents,
        seconds: s.lagSeconds,
      }));
    });
  }
}
