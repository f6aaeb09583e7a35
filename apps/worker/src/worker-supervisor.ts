import { Inject, Injectable, Logger } from '@nestjs/common';
import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { QuarryConfig } from '@quarry/config';
import { THREAD_GROUP } from '@quarry/coordination';
import type { ThreadChannel, ThreadGroup } from '@quarry/coordination';
import { EVENT_STORE } from '@quarry/eventstore';
import type { EventStore } from '@quarry/eventstore';
import { ExpireDueCredits } from '@quarry/ledger';
import { ScrapeRunner } from './scraping/scrape-runner';
import { QuarryMetrics } from '@quarry/observability';
import { ProcessManagerRunner } from '@quarry/process-managers';
import type { ProcessManagerDefinition } from '@quarry/process-managers';
import { CHECKPOINTS_TOPIC, ProjectionRunner, rebuildIfOutdated } from '@quarry/projection-engine';
import type { CheckpointNotice } from '@quarry/projection-engine';
import { PROJECTIONS } from '@quarry/projections';

export const PROCESS_MANAGERS = Symbol('PROCESS_MANAGERS');

/**
 * Runs every projection and process manager of the worker, and the ledger's
 * expiry of reservations and grants. SIGTERM aborts
 * them: the batch or command in flight completes, nothing new starts.
 */
@Injectable()
export class WorkerSupervisor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Worker');
  private readonly stop = new AbortController();
  private running: Promise<unknown>[] = [];
  /** To the API thread of a two-thread process: its read-your-writes waits answer at once. */
  private checkpoints: ThreadChannel<CheckpointNotice> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly commandBus: CommandBus,
    private readonly metrics: QuarryMetrics,
    @Inject(PROCESS_MANAGERS) private readonly processManagers: readonly ProcessManagerDefinition[],
    private readonly expireDueCredits: ExpireDueCredits,
    private readonly scrapeRunner: ScrapeRunner,
    private readonly config: QuarryConfig,
    @Inject(THREAD_GROUP) private readonly threadGroup: ThreadGroup | null,
  ) {}

  onApplicationBootstrap(): void {
    const checkpoints = this.threadGroup?.channel<CheckpointNotice>(CHECKPOINTS_TOPIC);
    this.checkpoints = checkpoints;
    const projections = PROJECTIONS.map(
      (definition) =>
        new ProjectionRunner(definition, this.dataSource, this.store, {
          onBatch: (name, applied) =>
            this.metrics.projectionEventsApplied.inc({ projection: name }, applied),
          onCheckpoint: checkpoints && ((notice) => checkpoints.post(notice)),
          onError: (name, error) =>
            this.logger.error(`projection ${name} stalled: ${String(error)}`),
        }),
    );
    const sagas = this.processManagers.map(
      (definition) =>
        new ProcessManagerRunner(definition, this.dataSource, this.store, this.commandBus, {
          onError: (name, error) => this.logger.error(`process manager ${name}: ${String(error)}`),
        }),
    );
    this.running = [...projections, ...sagas].map((runner) =>
      runner
        .run(this.stop.signal)
        .catch((error: unknown) => this.logger.error(`runner stopped: ${String(error)}`)),
    );
    this.running.push(this.rebuildOutdatedProjections());
    this.running.push(
      this.expireDueCredits.run(this.stop.signal, this.config.CREDIT_EXPIRY_INTERVAL_MS),
      this.scrapeRunner.run(this.stop.signal),
    );
    this.logger.log(
      `running ${projections.length} projections and ${sagas.length} process managers`,
    );
  }

  /** A projection whose version went up since its tables were built rebuilds itself, blue/green. */
  private async rebuildOutdatedProjections(): Promise<void> {
    for (const definition of PROJECTIONS) {
      if (this.stop.signal.aborted) return;
      try {
        const result = await rebuildIfOutdated(this.dataSource, this.store, definition, {
          signal: this.stop.signal,
        });
        if (result) {
          this.logger.log(
            `rebuilt ${definition.name} as v${definition.version}: ${result.applied} events`,
          );
        }
      } catch (error) {
        if (!this.stop.signal.aborted)
          this.logger.error(`rebuild of ${definition.name} failed: ${String(error)}`);
      }
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stop.abort();
    await Promise.allSettled(this.running);
    this.checkpoints?.close();
  }
}
