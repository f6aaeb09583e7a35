import type { DataSource } from 'typeorm';
import type { EventStore } from '@quarry/eventstore';
import { acquireLock } from './advisory-lock';
import { microBatches } from './micro-batches';
import type { ProjectionDefinition } from './projection';
import { advanceCheckpoint, createBuild, ensureActiveBuild, findBuild } from './projection-builds';
import {
  dropGeneration,
  LOCK_NAMESPACE,
  pointViewsAt,
  projectionContext,
  tableResolver,
} from './projection-schema';

export interface RebuildProgress {
  readonly projection: string;
  readonly generation: number;
  readonly applied: number;
  /** Events to replay, when the store can count them. */
  readonly total?: number;
  readonly eventsPerSecond: number;
  readonly etaSeconds?: number;
  readonly phase: 'replaying' | 'switching' | 'done';
}

export interface RebuildResult {
  readonly projection: string;
  readonly generation: number;
  readonly previousGeneration: number;
  readonly applied: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
}

export class RebuildAlreadyRunningError extends Error {
  readonly code = 'rebuild_already_running';
  constructor(projection: string) {
    super(`A rebuild of ${projection} is already running`);
    this.name = 'RebuildAlreadyRunningError';
  }
}

export interface RebuildOptions {
  readonly signal?: AbortSignal;
  readonly batchSize?: number;
  readonly onProgress?: (progress: RebuildProgress) => void;
  /** Called once the new generation exists (the rebuild holds its lock from then on). */
  readonly onStarted?: (generation: number) => void;
}

/**
 * Blue/green rebuild: replays the whole log into a new generation's tables
 * while reads keep using the active one, then, holding the active
 * checkpoint's row lock, applies the last few events and switches the views
 * in one transaction, and drops the old tables. Cancelling leaves the active
 * generation untouched.
 */
export async function rebuildProjection(
  dataSource: DataSource,
  store: EventStore,
  definition: ProjectionDefinition,
  options: RebuildOptions = {},
): Promise<RebuildResult> {
  const lock = await acquireLock(dataSource, LOCK_NAMESPACE.rebuild, definition.name, {
    wait: false,
  });
  if (!lock) throw new RebuildAlreadyRunningError(definition.name);
  const started = Date.now();
  let generation = 0;
  let switched = false;
  try {
    const active = await ensureActiveBuild(dataSource, definition);
    // A rebuild that died earlier left a building generation behind: discard it.
    const abandoned = await findBuild(dataSource.manager, definition.name, 'building');
    if (abandoned) await discard(dataSource, definition.name, abandoned.generation);

    const head = await store.headPosition();
    // For progress and ETA, when the store can count cheaply.
    const total = await store.countEvents?.({ toPosition: head, filter: definition.filter });
    generation = await dataSource.transaction((manager) =>
      createBuild(manager, definition, 'building', { position: head, events: total }),
    );
    options.onStarted?.(generation);
    const build = { name: definition.name, generation, state: 'building' as const };
    const table = tableResolver(definition, generation);
    let position = -1n;
    let applied = 0;
    const report = (phase: RebuildProgress['phase']) => {
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      const eventsPerSecond = applied / seconds;
      const etaSeconds =
        total !== undefined && eventsPerSecond > 0
          ? Math.max(0, (total - applied) / eventsPerSecond)
          : undefined;
      options.onProgress?.({
        projection: definition.name,
        generation,
        applied,
        total,
        eventsPerSecond,
        etaSeconds,
        phase,
      });
    };

    const stop = new AbortController();
    const onAbort = () => stop.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const subscription = store.subscribeToAll({ filter: definition.filter, signal: stop.signal });
      // Caught up once is enough: the target may be reached by a later batch (an old transaction held it back).
      let caughtUp = false;
      for await (const batch of microBatches(subscription, position, options.batchSize ?? 2000)) {
        if (batch.events.length > 0 || batch.position > position) {
          await dataSource.transaction(async (manager) => {
            await advanceCheckpoint(manager, build, position, batch.position, batch.events.length);
            if (batch.events.length)
              await definition.apply(batch.events, projectionContext(manager, table));
          });
          position = batch.position;
          applied += batch.events.length;
          report('replaying');
        }
        caughtUp ||= batch.caughtUp;
        if (caughtUp && position >= head) break;
      }
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      stop.abort();
    }
    if (options.signal?.aborted) throw new Error(`Rebuild of ${definition.name} cancelled`);

    report('switching');
    const previous = await dataSource.transaction(async (manager) => {
      // Waits for the live runner's batch in flight; it cannot commit another on the old generation after this.
      const current = await manager.query<{ generation: number; position: string }[]>(
        `SELECT generation, position FROM projection_builds WHERE name = $1 AND state = 'active' FOR UPDATE`,
        [definition.name],
      );
      for (;;) {
        const page = await store.readAll({
          fromPosition: position,
          maxCount: options.batchSize ?? 2000,
          filter: definition.filter,
        });
        if (page.events.length > 0 || page.position > position) {
          await advanceCheckpoint(manager, build, position, page.position, page.events.length);
          if (page.events.length)
            await definition.apply(page.events, projectionContext(manager, table));
          applied += page.events.length;
          position = page.position;
        }
        if (page.isEnd) break;
      }
      await pointViewsAt(manager, definition, generation);
      await manager.query(
        `UPDATE projection_builds SET state = 'retired' WHERE name = $1 AND state = 'active'`,
        [definition.name],
      );
      await manager.query(
        `UPDATE projection_builds SET state = 'active', activated_at = now(), heartbeat_at = now() WHERE name = $1 AND generation = $2`,
        [definition.name, generation],
      );
      return current[0]?.generation ?? active.generation;
    });
    switched = true;
    await dropGeneration(dataSource.manager, definition.name, previous);
    report('done');
    const seconds = (Date.now() - started) / 1000;
    return {
      projection: definition.name,
      generation,
      previousGeneration: previous,
      applied,
      seconds,
      eventsPerSecond: applied / Math.max(seconds, 0.001),
    };
  } finally {
    if (!switched && generation > 0)
      await discard(dataSource, definition.name, generation).catch(() => undefined);
    await lock.release();
  }
}

async function discard(
  dataSource: DataSource,
  projection: string,
  generation: number,
): Promise<void> {
  await dataSource.transaction(async (manager) => {
    await manager.query(
      `DELETE FROM projection_builds WHERE name = $1 AND generation = $2 AND state = 'building'`,
      [projection, generation],
    );
    await dropGeneration(manager, projection, generation);
  });
}

/**
 * A deploy that bumps a projection's version rebuilds it blue/green on its
 * own: reads keep using the old generation until the new one switches in.
 * Returns null when the active generation is current or another process is
 * already rebuilding it.
 */
export async function rebuildIfOutdated(
  dataSource: DataSource,
  store: EventStore,
  definition: ProjectionDefinition,
  options: RebuildOptions = {},
): Promise<RebuildResult | null> {
  const active = await findBuild(dataSource.manager, definition.name, 'active');
  if (!active || active.version >= definition.version) return null;
  try {
    return await rebuildProjection(dataSource, store, definition, options);
  } catch (error) {
    if (error instanceof RebuildAlreadyRunningError) return null;
    throw error;
  }
}
