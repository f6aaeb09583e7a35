import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type ProjectionBuildState = 'building' | 'active' | 'retired';

/**
 * One row per generation of a projection's tables. The active generation
 * serves reads; a building one is a blue/green rebuild in progress. The
 * checkpoint (`position`) is only ever moved by compare-and-set inside the
 * transaction that wrote the batch.
 */
@Entity({ name: 'projection_builds' })
@Index('projection_builds_one_active', ['name'], { unique: true, where: "state = 'active'" })
@Index('projection_builds_one_building', ['name'], { unique: true, where: "state = 'building'" })
export class ProjectionBuild {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'projection_builds_pkey' })
  name!: string;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'projection_builds_pkey' })
  generation!: number;

  /** The projection code's version that built this generation. */
  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'text' })
  state!: ProjectionBuildState;

  /** Checkpoint: every event up to here is applied. -1 before the first. */
  @Column({ type: 'bigint', default: -1 })
  position!: string;

  @Column({ name: 'events_applied', type: 'bigint', default: 0 })
  eventsApplied!: string;

  /** For a rebuild: the head it is catching up to, for progress and ETA. */
  @Column({ name: 'target_position', type: 'bigint', nullable: true })
  targetPosition!: string | null;

  @Column({ name: 'target_events', type: 'bigint', nullable: true })
  targetEvents!: string | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'last_error_at', type: 'timestamptz', nullable: true })
  lastErrorAt!: Date | null;

  /** Last time a runner of this generation reported in. */
  @Column({ name: 'heartbeat_at', type: 'timestamptz', nullable: true })
  heartbeatAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'activated_at', type: 'timestamptz', nullable: true })
  activatedAt!: Date | null;
}
