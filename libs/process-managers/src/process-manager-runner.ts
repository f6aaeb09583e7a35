import { setTimeout as sleep } from 'node:timers/promises';
import type { CommandBus } from '@nestjs/cqrs';
import type { DataSource } from 'typeorm';
import type { EventStore, RecordedEvent } from '@quarry/eventstore';
import { whileHoldingLock } from '@quarry/projection-engine';
import type { ProcessCommand, ProcessManagerDefinition } from './process-manager';

const RUNNER_LOCK = 0x51520004;

export interface ProcessManagerRunnerOptions {
  readonly retryDelayMs?: (attempt: number) => number;
  readonly onError?: (name: string, error: unknown, event?: RecordedEvent) => void;
  /** Observers around each dispatch (logging, metrics, fault-injection tests). */
  readonly onDispatching?: (command: ProcessCommand, event: RecordedEvent) => void;
  readonly onDispatched?: (command: ProcessCommand, event: RecordedEvent) => void;
}

/**
 * Feeds a process manager from the event store subscription and sends its
 * commands through the CommandBus, one event at a time, moving its own
 * checkpoint only after every command of the event succeeded. A crash in
 * between redelivers the event; deterministic command ids make that harmless.
 * Nothing here is ever run by a projection rebuild.
 */
export class ProcessManagerRunner {
  constructor(
    private readonly definition: ProcessManagerDefinition,
    private readonly dataSource: DataSource,
    private readonly store: EventStore,
    private readonly commandBus: CommandBus,
    private readonly options: ProcessManagerRunnerOptions = {},
  ) {}

  /** Runs until `signal` aborts, holding the runner lock (queueing again if its connection dies). */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await whileHoldingLock(
        this.dataSource,
        RUNNER_LOCK,
        this.definition.name,
        signal,
        (session) => this.runLocked(session),
      ).catch(async (error: unknown) => {
        this.options.onError?.(this.definition.name, error);
        await sleep(1000, undefined, { signal }).catch(() => undefined);
      });
    }
  }

  private async runLocked(session: AbortSignal): Promise<void> {
    await this.dataSource.query(
      'INSERT INTO process_manager_checkpoints (name, position) VALUES ($1, -1) ON CONFLICT (name) DO NOTHING',
      [this.definition.name],
    );
    while (!session.aborted) {
      try {
        await this.follow(session);
      } catch (error) {
        if (session.aborted) break;
        // A lost connection or a moved checkpoint: start again from the stored position.
        this.options.onError?.(this.definition.name, error);
        await sleep(500, undefined, { signal: session }).catch(() => undefined);
      }
    }
  }

  private async follow(signal: AbortSignal): Promise<void> {
    let position = await this.checkpoint();
    for await (const message of this.store.subscribeToAll({
      fromPosition: position,
      filter: this.definition.filter,
      signal,
    })) {
      if (message.kind !== 'event') {
        if (message.position > position) position = await this.advance(position, message.position);
        continue;
      }
      const { event } = message;
      await this.dispatchAll(event, signal);
      if (signal.aborted) return;
      position = await this.advance(position, event.position);
    }
  }

  /** Retries an event's commands until they succeed: a saga never skips an event. */
  private async dispatchAll(event: RecordedEvent, signal: AbortSignal): Promise<void> {
    const commands = this.definition.react(event);
    for (let attempt = 1; !signal.aborted; attempt += 1) {
      try {
        for (const command of commands) {
          this.options.onDispatching?.(command, event);
          await this.commandBus.execute(command);
          this.options.onDispatched?.(command, event);
        }
        if (attempt > 1) await this.recordError(null);
        return;
      } catch (error) {
        this.options.onError?.(this.definition.name, error, event);
        await this.recordError(
          `${error instanceof Error ? error.message : String(error)} (event ${event.type} at position ${event.position})`,
        );
        const delay =
          this.options.retryDelayMs?.(attempt) ?? Math.min(30_000, 250 * 2 ** Math.min(attempt, 7));
        await sleep(delay, undefined, { signal }).catch(() => undefined);
      }
    }
  }

  private async checkpoint(): Promise<bigint> {
    const [row] = await this.dataSource.query<{ position: string }[]>(
      'SELECT position FROM process_manager_checkpoints WHERE name = $1',
      [this.definition.name],
    );
    return BigInt(row.position);
  }

  private async advance(from: bigint, to: bigint): Promise<bigint> {
    const [{ n }] = await this.dataSource.query<{ n: number }[]>(
      `WITH moved AS (
         UPDATE process_manager_checkpoints SET position = $3, updated_at = now()
          WHERE name = $1 AND position = $2 RETURNING 1)
       SELECT count(*)::int AS n FROM moved`,
      [this.definition.name, from.toString(), to.toString()],
    );
    if (n !== 1) throw new Error(`Checkpoint of ${this.definition.name} moved under its runner`);
    return to;
  }

  private async recordError(message: string | null): Promise<void> {
    await this.dataSource
      .query(
        `UPDATE process_manager_checkpoints SET last_error = $2, last_error_at = CASE WHEN $2::text IS NULL THEN NULL ELSE now() END WHERE name = $1`,
        [this.definition.name, message?.slice(0, 2000) ?? null],
      )
      .catch(() => undefined);
  }
}
