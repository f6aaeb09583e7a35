import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * When each key was last used, to the minute. Operational telemetry, not a
 * fact of the business: written straight from the API (at most once per key
 * and minute), never an event, and so untouched by projection rebuilds.
 */
@Entity({ name: 'api_key_usage' })
export class ApiKeyUsage {
  @PrimaryColumn({ name: 'key_id', type: 'text', primaryKeyConstraintName: 'api_key_usage_pkey' })
  keyId!: string;

  @Column({ name: 'last_used_at', type: 'timestamptz' })
  lastUsedAt!: Date;
}
