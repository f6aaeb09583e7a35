import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The raw history of every stream, read through the `audit_events` view. */
@Entity({ name: 'audit_events', synchronize: false })
export class AuditEvent {
  @PrimaryColumn({ type: 'bigint' })
  position!: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Column({ name: 'stream_id', type: 'text' })
  streamId!: string;

  @Column({ type: 'bigint' })
  revision!: string;

  /** The tenant the event belongs to; null for platform events. */
  @Column({ name: 'org_id', type: 'text', nullable: true })
  orgId!: string | null;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'jsonb' })
  data!: unknown;

  @Column({ type: 'jsonb' })
  metadata!: Record<string, unknown>;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
