import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

/**
 * The append-only log. `position` packs the writing transaction id with the
 * event's index inside it (txid << 20 | n): readers only read below the oldest
 * running transaction, so no event can later appear behind a position already
 * read. A trigger (see the migration) refuses UPDATE, DELETE and TRUNCATE.
 */
@Entity({ name: 'events' })
@Unique('events_stream_revision_key', ['streamId', 'revision'])
@Unique('events_event_id_key', ['eventId'])
@Index('events_type_position_idx', ['type', 'position'])
export class EventRecord {
  @PrimaryColumn({ type: 'bigint', primaryKeyConstraintName: 'events_pkey' })
  position!: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Column({ name: 'stream_id', type: 'text' })
  streamId!: string;

  @Column({ type: 'bigint' })
  revision!: string;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'jsonb' })
  data!: unknown;

  @Column({ type: 'jsonb' })
  metadata!: unknown;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}

/** One row per stream: the lock and revision that optimistic concurrency checks. */
@Entity({ name: 'streams' })
export class StreamRecord {
  @PrimaryColumn({ name: 'stream_id', type: 'text', primaryKeyConstraintName: 'streams_pkey' })
  streamId!: string;

  @Column({ type: 'bigint' })
  revision!: string;
}
