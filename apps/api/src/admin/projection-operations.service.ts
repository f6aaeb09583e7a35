import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { QuarryError } from '@quarry/errors';
import { EVENT_STORE } from '@quarry/eventstore';
import type { EventStore } from '@quarry/eventstore';
import {
  projectionStatus,
  rebuildProjection,
  RebuildAlreadyRunningError,
} from '@quarry/projection-engine';
import type { ProjectionDefinition, ProjectionStatus } from '@quarry/projection-engine';
import { PROJECTIONS } from '@quarry/projections';

/** Status and blue/green rebuilds of projections, for operators (CLI and admin API share the engine). */
@Injectable()
export class ProjectionOperations implements OnApplicationShutdown {
  private readonly logger = new Logger(ProjectionOperations.name);
  private readonly stop = new AbortController();
  private readonly rebuilds = new Set<Promise<unknown>>();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  statuses(): Promise<ProjectionStatus[]> {
    return Promise.all(
      PROJECTIONS.map((definition) => projectionStatus(this.dataSource, this.store, definition)),
    );
  }

  status(name: string): Promise<ProjectionStatus> {
    return projectionStatus(this.dataSource, this.store, this.find(name));
  }

  /** Starts a rebuild in this process and answers once its new generation exists. */
  async startRebuild(name: string): Promise<{ generation: number }> {
    const definition = this.find(name);
    return new Promise((resolve, reject) => {
      const rebuild = rebuildProjection(this.dataSource, this.store, definition, {
        signal: this.stop.signal,
        onStarted: (generation) => resolve({ generation }),
      }).then(
        (result) =>
          this.logger.log(
            `rebuilt ${name}: generation ${result.generation}, ${result.applied} events in ${result.seconds.toFixed(1)} s`,
          ),
        (error: unknown) => {
          if (error instanceof RebuildAlreadyRunningError) {
            reject(new QuarryError('conflict', error.message));
          } else {
            this.logger.error(`rebuild of ${name} failed: ${String(error)}`);
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        },
      );
      this.rebuilds.add(rebuild);
      void rebuild.finally(() => this.rebuilds.delete(rebuild));
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stop.abort();
    await Promise.allSettled([...this.rebuilds]);
  }

  private find(name: string): ProjectionDefinition {
    const definition = PROJECTIONS.find((p) => p.name === name);
    if (!definition) throw new QuarryError('not_found', `No projection named ${name}`);
    return definition;
  }
}
