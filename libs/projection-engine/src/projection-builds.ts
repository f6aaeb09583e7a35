import type { DataSource, EntityManager } from 'typeorm';
import type { ProjectionDefinition } from './projection';
import { ProjectionBuild } from './projection-build.entity';
import { createGeneration, LOCK_NAMESPACE, pointViewsAt } from './projection-schema';

/** The checkpoint moved under us (a rebuild switched generations, or another runner): reload and go on. */
export class CheckpointMovedError extends Error {
  constructor(projection: string, generation: number) {
    super(`Checkpoint of ${projection} generation ${generation} moved; reloading`);
    this.name = 'CheckpointMovedError';
  }
}

export async function findBuild(
  manager: EntityManager,
  name: string,
  state: 'active' | 'building',
): Promise<ProjectionBuild | null> {
  return manager.getRepository(ProjectionBuild).findOne({ where: { name, state } });
}

/**
 * Makes sure the projection has an active generation with its tables and
 * views, creating generation 1 on first use. Any process may call it (the API
 * needs the views to exist); an advisory lock makes concurrent calls agree.
 */
export async function ensureActiveBuild(
  dataSource: DataSource,
  definition: ProjectionDefinition,
): Promise<ProjectionBuild> {
  return dataSource.transaction(async (manager) => {
    await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
      LOCK_NAMESPACE.setup,
      definition.name,
    ]);
    const active = await findBuild(manager, definition.name, 'active');
    if (active) return active;
    const generation = await createBuild(manager, definition, 'active');
    await pointViewsAt(manager, definition, generation);
    return manager
      .getRepository(ProjectionBuild)
      .findOneByOrFail({ name: definition.name, generation });
  });
}

/**
 * Creates the next generation of a projection: its schema and tables, and
 * its row (checkpoint before the first event). Inside the caller's transaction.
 */
export async function createBuild(
  manager: EntityManager,
  definition: ProjectionDefinition,
  state: 'active' | 'building',
  target?: { position: bigint; events: number | undefined },
): Promise<number> {
  const [{ next }] = await manager.query<{ next: number }[]>(
    'SELECT coalesce(max(generation), 0) + 1 AS next FROM projection_builds WHERE name = $1',
    [definition.name],
  );
  await createGeneration(manager, definition, next);
  await manager.getRepository(ProjectionBuild).insert({
    name: definition.name,
    generation: next,
    version: definition.version,
    state,
    position: '-1',
    eventsApplied: '0',
    targetPosition: target?.position.toString() ?? null,
    targetEvents: target?.events === undefined ? null : String(target.events),
    activatedAt: state === 'active' ? new Date() : null,
    heartbeatAt: state === 'building' ? new Date() : null,
  });
  return next;
}

/**
 * Moves the checkpoint from `from` to `to` inside the batch's transaction, or
 * throws when it is no longer at `from` (compare-and-set): a batch can never
 * be applied twice or past a switch.
 */
export async function advanceCheckpoint(
  manager: EntityManager,
  build: Pick<ProjectionBuild, 'name' | 'generation' | 'state'>,
  from: bigint,
  to: bigint,
  applied: number,
): Promise<void> {
  const [{ n }] = await manager.query<{ n: number }[]>(
    `WITH moved AS (
       UPDATE projection_builds
          SET position = $4, events_applied = events_applied + $5, heartbeat_at = now(), last_error = NULL, last_error_at = NULL
        WHERE name = $1 AND generation = $2 AND position = $3 AND state = $6
       RETURNING 1)
     SELECT count(*)::int AS n FROM moved`,
    [build.name, build.generation, from.toString(), to.toString(), applied, build.state],
  );
  if (n !== 1) throw new CheckpointMovedError(build.name, build.generation);
}

export async function recordFailure(
  dataSource: DataSource,
  name: string,
  generation: number,
  message: string,
): Promise<void> {
  await dataSource.query(
    'UPDATE projection_builds SET last_error = $3, last_error_at = now(), heartbeat_at = now() WHERE name = $1 AND generation = $2',
    [name, generation, message.slice(0, 2000)],
  );
}

export async function heartbeat(
  dataSource: DataSource,
  name: string,
  generation: number,
): Promise<void> {
  await dataSource.query(
    'UPDATE projection_builds SET heartbeat_at = now() WHERE name = $1 AND generation = $2',
    [name, generation],
  );
}
