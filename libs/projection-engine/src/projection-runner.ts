import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import type { EventStore, RecordedEvent } from '@quarry/eventstore';
import { whileHoldingLock } from './advisory-lock';
import { microBatches } from './micro-batches';
import type { ProjectionDefinition } from './projection';
import type { ProjectionBuild } from './projection-build.entity';
import {
  advanceCheckpoint,
  CheckpointMovedError,
  ensureActiveBuild,
  heartbeat,
  recordFailure,
} from './projection-builds';
import { LOCK_NAMESPACE, projectionContext, tableResolver } from './projection-schema';
import { checkpointAdvanced } from './wait-for-projection';
import type { CheckpointNotice } from './wait-for-projection';

export interface ProjectionRunnerOptions {
  readonly batchSize?: number;
  readonly heartbeatMs?: number;
  /** Delay before retrying after a failure; grows with attempts. */
  readonly retryDelayMs?: (attempt: number) => number;
  readonly onBatch?: (projection: string, applied: number, position: bigint) => void;
  /** After each committed checkpoint move (with events or not): for waiters on other threads. */
  readonly onCheckpoint?: (notice: CheckpointNotice) => void;
  readonly onError?: (projection: string, error: unknown) => void;
  readonly onWaitingForLock?: (projection: string) => void;
}

export type RunnerState = 'idle' | 'waiting_for_lock' | 'running' | 'stalled' | 'stopped';

const describeFailure = (error: unknown, events: readonly RecordedEvent[]) => {
  const message = error instanceof Error ? error.message : String(error);
  if (events.length !== 1)
    return `${message} (in a batch of ${events.length} events from position ${events[0]?.position})`;
  const [event] = events;
  return `${message} (event ${event.type} at position ${event.position}, stream ${event.streamId} revision ${event.revision})`;
};

/** Error raised by a projection's own code, with the batch it failed on. */
class ApplyFailedError extends Error {
  constructor(
    override readonly cause: unknown,
    readonly events: readonly RecordedEvent[],
  ) {
    super(describeFailure(cause, events));
  }
}

/**
 * Keeps one projection's active generation up to date from the event store
 * subscription. Only one runner per projection works at a time (advisory
 * lock); a failing event stops it visibly, and it retries from its
 * checkpoint without skipping anything.
 */
export class ProjectionRunner {
  private currentState: RunnerState = 'idle';
  /** After a failure, events up to here are applied one by one to pinpoint the bad one. */
  private singleStepUntil = -1n;

  constructor(
    private readonly definition: ProjectionDefinition,
    private readonly dataSource: DataSource,
    private readonly store: EventStore,
    private readonly options: ProjectionRunnerOptions = {},
  ) {}

  get state(): RunnerState {
    return this.currentState;
  }

  get name(): string {
    return this.definition.name;
  }

  /**
   * Runs until `signal` aborts; the batch in flight then completes or rolls
   * back whole. Holds the runner lock meanwhile, queueing for it again if its
   * connection dies (a server restart).
   */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await whileHoldingLock(
        this.dataSource,
        LOCK_NAMESPACE.runner,
        this.definition.name,
        signal,
        (session) => this.runLocked(session),
        {
          checkEveryMs: this.options.heartbeatMs,
          onWaiting: () => {
            this.currentState = 'waiting_for_lock';
            this.options.onWaitingForLock?.(this.definition.name);
          },
        },
      ).catch(async (error: unknown) => {
        this.options.onError?.(this.definition.name, error);
        await sleep(1000, undefined, { signal }).catch(() => undefined);
      });
    }
    this.currentState = 'stopped';
  }

  private async runLocked(session: AbortSignal): Promise<void> {
    let generation = 0;
    const beat = setInterval(() => {
      if (generation > 0)
        heartbeat(this.dataSource, this.definition.name, generation).catch(() => undefined);
    }, this.options.heartbeatMs ?? 5000);
    let attempt = 0;
    try {
      while (!session.aborted) {
        let build: ProjectionBuild | undefined;
        try {
          build = await ensureActiveBuild(this.dataSource, this.definition);
          generation = build.generation;
          this.currentState = 'running';
          await this.follow(build, session, () => (attempt = 0));
        } catch (error) {
          if (session.aborted) break;
          if (error instanceof CheckpointMovedError) continue;
          attempt += 1;
          this.currentState = 'stalled';
          this.options.onError?.(this.definition.name, error);
          if (error instanceof ApplyFailedError) {
            this.singleStepUntil = error.events[error.events.length - 1].position;
          }
          if (build) {
            const message = error instanceof Error ? error.message : String(error);
            await recordFailure(this.dataSource, build.name, build.generation, message).catch(
              () => undefined,
            );
          }
          const delay =
            this.options.retryDelayMs?.(attempt) ??
            Math.min(30_000, 500 * 2 ** Math.min(attempt, 6));
          await sleep(delay, undefined, { signal: session }).catch(() => undefined);
        }
      }
    } finally {
      clearInterval(beat);
    }
  }

  private async follow(
    build: ProjectionBuild,
    signal: AbortSignal,
    onSuccess: () => void,
  ): Promise<void> {
    let position = BigInt(build.position);
    // Ends the subscription however this returns, not only on shutdown.
    const done = new AbortController();
    const table = tableResolver(this.definition, build.generation);
    const pinpointing = () => position < this.singleStepUntil;
    try {
      const subscription = this.store.subscribeToAll({
        fromPosition: position,
        filter: this.definition.filter,
        signal: AbortSignal.any([signal, done.signal]),
      });
      const batchSize = pinpointing() ? 1 : (this.options.batchSize ?? 500);
      for await (const batch of microBatches(subscription, position, batchSize)) {
        if (batch.position === position && batch.events.length === 0) continue;
        // After a failure, events are applied one by one until past the bad one, to name it.
        const single = pinpointing() && batch.events.length > 0;
        for (const events of single ? batch.events.map((e) => [e]) : [batch.events]) {
          const to = single ? events[0].position : batch.position;
          await this.dataSource.transaction(async (manager) => {
            await advanceCheckpoint(manager, build, position, to, events.length);
            if (events.length === 0) return;
            try {
              await this.definition.apply(events, projectionContext(manager, table));
            } catch (error) {
              throw new ApplyFailedError(error, events);
            }
          });
          position = to;
          checkpointAdvanced(this.dataSource, this.definition.name, to);
          this.options.onCheckpoint?.({ projection: this.definition.name, position: to });
          onSuccess();
          if (this.currentState === 'stalled') this.currentState = 'running';
          if (events.length) this.options.onBatch?.(this.definition.name, events.length, position);
        }
        if (!pinpointing()) this.singleStepUntil = -1n;
        if (signal.aborted) break;
      }
    } finally {
      done.abort();
    }
  }
}
