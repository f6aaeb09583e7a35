import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Where each process manager is in the log. Never reset by a projection rebuild. */
@Entity({ name: 'process_manager_checkpoints' })
export class ProcessManagerCheckpoint {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'process_manager_checkpoints_pkey' })
  name!: string;

  @Column({ type: 'bigint', default: -1 })
  position!: string;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'last_error_at', type: 'timestamptz', nullable: true })
  lastErrorAt!: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
