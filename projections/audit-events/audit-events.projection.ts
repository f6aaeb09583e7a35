import type { RecordedEvent } from '@quarry/eventstore';
import type { ProjectionContext, ProjectionDefinition } from '@quarry/projection-engine';

/**
 * Every event of every stream, as auditors read it through
 * `GET /v1/audit/events?stream=…`. A copy rather than a query on the log so
 * it works the same whichever event store adapter runs.
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
       type text NOT NULL,
       data jsonb NOT NULL,
       metadata jsonb NOT NULL,
       created_at timestamptz NOT NULL)`,
    `CREATE UNIQUE INDEX audit_events_stream_revision ON ${schema}.audit_events (stream_id, revision)`,
  ],
  async apply(events: readonly RecordedEvent[], { manager, table }: ProjectionContext) {
    // One statement per batch: rebuild speed is bound by round trips.
    await manager.query(
      `INSERT INTO ${table('audit_events')} (position, event_id, stream_id, revision, type, data, metadata, created_at)
       SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::bigint[], $5::text[], $6::jsonb[], $7::jsonb[], $8::timestamptz[])`,
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
