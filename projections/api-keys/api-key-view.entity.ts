import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An API key as the authentication guard and key listings read it (never the secret). */
@Entity({ name: 'api_keys', synchronize: false })
export class ApiKeyView {
  @PrimaryColumn({ name: 'key_id', type: 'text' })
  keyId!: string;

  @Column({ name: 'org_id', type: 'text' })
  orgId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'key_hash', type: 'text' })
  keyHash!: string;

  @Column({ type: 'text' })
  prefix!: string;

  @Column({ type: 'text' })
  hint!: string;

  @Column({ type: 'text', array: true })
  scopes!: string[];

  @Column({ type: 'text' })
  environment!: 'live' | 'test';

  @Column({ type: 'text' })
  status!: 'active' | 'rotating' | 'revoked';

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
