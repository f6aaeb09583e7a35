import type { OrganizationEvent } from '@quarry/identity';
import type { ProjectionDefinition } from '@quarry/projection-engine';

export const organizationsProjection: ProjectionDefinition = {
  name: 'organizations',
  version: 1,
  description: 'Organizations with plan and status.',
  filter: { streamPrefixes: ['org-'] },
  tables: ['organizations'],
  createTables: (schema) => [
    `CREATE TABLE ${schema}.organizations (
       org_id text PRIMARY KEY,
       name text NOT NULL,
       plan text NOT NULL,
       status text NOT NULL,
       created_at timestamptz NOT NULL)`,
  ],
  async apply(events, { manager, table }) {
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as OrganizationEvent;
      switch (event.type) {
        case 'OrganizationCreated':
          await manager.query(
            `INSERT INTO ${table('organizations')} (org_id, name, plan, status, created_at) VALUES ($1, $2, $3, 'active', $4)`,
            [event.data.orgId, event.data.name, event.data.plan, event.data.createdAt],
          );
          break;
        case 'OrganizationSuspended':
        case 'OrganizationUnsuspended':
          await manager.query(
            `UPDATE ${table('organizations')} SET status = $2 WHERE org_id = $1`,
            [event.data.orgId, event.type === 'OrganizationSuspended' ? 'suspended' : 'active'],
          );
          break;
        case 'OrganizationRenamed':
          await manager.query(`UPDATE ${table('organizations')} SET name = $2 WHERE org_id = $1`, [
            event.data.orgId,
            event.data.name,
          ]);
          break;
        case 'OrganizationPlanChanged':
          await manager.query(`UPDATE ${table('organizations')} SET plan = $2 WHERE org_id = $1`, [
            event.data.orgId,
            event.data.plan,
          ]);
          break;
      }
    }
  },
};
