import type { DataSource } from 'typeorm';
import type { EventStore } from '@quarry/eventstore';
import type { ProjectionDefinition } from './projection';
import { ProjectionBuild } from './projection-build.entity';

export type ProjectionState = 'running' | 'stalled' | 'rebuilding' | 'stopped' | 'not_started';

export interface ProjectionStatus {
  readonly name: string;
  readonly description: string;
  readonly state: ProjectionState;
  readonly version: number;
  /** Version the active generation was built with; older than `version` means a rebuild is due. */
  readonly builtWithVersion: number | null;
  readonly generation: number | null;
  readonly position: string | null;
  /** Events not yet applied (capped at `lagCap`, then reported as `lagCap`). */
  readonly lagEvents: number;
  readonly lagSeconds: number;
  readonly lastError: string | null;
  readonly lastErrorAt: string | null;
  readonly heartbeatAt: string | null;
  readonly rebuild: null | {
    readonly generation: number;
    readonly applied: number;
    readonly total: number | null;
    readonly eventsPerSecond: number;
    readonly etaSeconds: number | null;
    readonly startedAt: string;
  };
}

const ALIVE_MS = 20_000;
export const LAG_CAP = 100_000;

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const fresh = (d: Date | null, now: number) => d !== null && now - d.getTime() < ALIVE_MS;

/** Lag of a checkpoint in events and in seconds (age of the oldest event not yet applied). */
async function lagOf(
  store: EventStore,
  definition: ProjectionDefinition,
  position: bigint,
  now: number,
) {
  const first = await store.readAll({
    fromPosition: position,
    maxCount: 1,
    filter: definition.filter,
  });
  if (first.events.length === 0) return { lagEvents: 0, lagSeconds: 0 };
  const lagSeconds = Math.max(0, (now - first.events[0].createdAt.getTime()) / 1000);
  const counted = store.countEvents
    ? await store.countEvents({ fromPosition: position, filter: definition.filter, limit: LAG_CAP })
    : (await store.readAll({ fromPosition: position, maxCount: 10_000, filter: definition.filter }))
        .events.length;
  return { lagEvents: counted, lagSeconds };
}

export async function projectionStatus(
  dataSource: DataSource,
  store: EventStore,
  definition: ProjectionDefinition,
): Promise<ProjectionStatus> {
  const builds = await dataSource
    .getRepository(ProjectionBuild)
    .find({ where: { name: definition.name } });
  const active = builds.find((b) => b.state === 'active') ?? null;
  const building = builds.find((b) => b.state === 'building') ?? null;
  const now = Date.now();
  // Never started: every event is still to apply.
  const lag = await lagOf(store, definition, active ? BigInt(active.position) : -1n, now);
  let state: ProjectionState;
  if (!active) state = 'not_started';
  else if (building && fresh(building.heartbeatAt, now)) state = 'rebuilding';
  else if (active.lastError) state = 'stalled';
  else if (fresh(active.heartbeatAt, now)) state = 'running';
  else state = 'stopped';

  let rebuild: ProjectionStatus['rebuild'] = null;
  if (building) {
    const applied = Number(building.eventsApplied);
    const seconds = Math.max((now - building.createdAt.getTime()) / 1000, 0.001);
    const eventsPerSecond = applied / seconds;
    const total = building.targetEvents === null ? null : Number(building.targetEvents);
    rebuild = {
      generation: building.generation,
      applied,
      total,
      eventsPerSecond: Math.round(eventsPerSecond),
      etaSeconds:
        total !== null && eventsPerSecond > 0
          ? Math.round(Math.max(0, total - applied) / eventsPerSecond)
          : null,
      startedAt: building.createdAt.toISOString(),
    };
  }
  return {
    name: definition.name,
    description: definition.description,
    state,
    version: definition.version,
    builtWithVersion: active?.version ?? null,
    generation: active?.generation ?? null,
    position: active?.position ?? null,
    lagEvents: lag.lagEvents,
    lagSeconds: Math.round(lag.lagSeconds * 10) / 10,
    lastError: active?.lastError ?? null,
    lastErrorAt: iso(active?.lastErrorAt ?? null),
    heartbeatAt: iso(active?.heartbeatAt ?? null),
    rebuild,
  };
}
