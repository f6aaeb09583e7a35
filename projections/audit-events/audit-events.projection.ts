import type { RecordedEvent } from '@quarry/eventstore';
import type { ProjectionContext, ProjectionDefinition } from '@quarry/projection-engine';

/**
 * Every event of every stream, as auditors read it through
 * `GET /v1/audit/events?stream=…`. A copy rather than a query on the log so
 * it works the same whichever event store adapter runs. Tenant events carry
 * `orgId` in their data; it becomes `org_id` so an org sees only its own.
 */
export const auditEventsProjection: ProjectionDefinition = {
  name: 'audit_events',
  version: 1,
  description: 'Raw event history per stream, for auditors.',
  tables: ['audit_events'],
  createTables: (schema) => [
    `CREATE TABLE ${schema}.audit_events (
       position bigint PRIMARY KEY,
       event_id uuid NOT NULL,
       stream_id text NOT NULL,
       revision bigint NOT NULL,
       org_id text,
       type text NOT NULL,
       data jsonb NOT NULL,
       metadata jsonb NOT NULL,
       created_at timestamptz NOT NULL)`,
    `CREATE UNIQUE INDEX audit_events_stream_revision ON ${schema}.audit_events (stream_id, revision)`,
    `CREATE INDEX audit_events_org_position ON ${schema}.audit_events (org_id, position)`,
  ],
  async apply(events: readonly RecordedEvent[], { manager, table }: ProjectionContext) {
    // One statement per batch: rebuild speed is bound by round trips.
    await manager.query(
      `INSERT INTO ${table('audit_events')} (position, event_id, stream_id, revision, type, data, metadata, created_at, org_id)
       SELECT *, d->>'orgId' FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::bigint[], $5::text[], $6::jsonb[], $7::jsonb[], $8::timestamptz[])
         AS e(position, event_id, stream_id, revision, type, d, metadata, created_at)`,
      [
        events.map((e) => e.position.toString()),
        events.map((e) => e.id),
        events.map((e) => e.streamId),
        events.map((e) => e.revision.toString()),
        events.map((e) => e.type),
        events.map((e) => JSON.stringify(e.data)),
        events.map((e) => JSON.stringify(e.metadata)),
        events.map((e) => e.createdAt.toISOString()),
      ],
    );
  },
};
