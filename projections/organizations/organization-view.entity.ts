import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'organizations', synchronize: false })
export class OrganizationView {
  @PrimaryColumn({ name: 'org_id', type: 'text' })
  orgId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  plan!: string;

  @Column({ type: 'text' })
  status!: 'active' | 'suspended';

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
