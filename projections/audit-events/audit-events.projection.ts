import type { RecordedEvent } from '@quarry/eventstore';
import type { ProjectionContext, ProjectionDefinition } from '@quarry/projection-engine';

/**
 * Every event of every stream, as auditors read it through
 * `GET /v1/audit/events?stream=…`. A copy rather than a query on the log so
 * it works the same whichever event store adapter runs. Tenant events carry
 * `orgId` in their data, or name it in their stream (`credits-{orgId}`, whose
 * events stay small); it becomes `org_id` so an org sees only its own.
 */
const orgIdOf = (streamId: string, data: unknown): string | null => {
  if (streamId.startsWith('credits-')) return streamId.slice('credits-'.length);
  const orgId =
    typeof data === 'object' && data !== null ? (data as { orgId?: unknown }).orgId : undefined;
  return typeof orgId === 'string' ? orgId : null;
};

export const auditEventsProjection: ProjectionDefinition = {
  name: 'audit_events',
  version: 2,
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
  async apply(events: readonly RecordedEvent[], { copyRows }: ProjectionContext) {
    // COPY: a rebuild of this projection is a bulk copy of the log, bound by write speed.
    await copyRows(
      'audit_events',
      [
        'position',
        'event_id',
        'stream_id',
        'revision',
        'org_id',
        'type',
        'data',
        'metadata',
        'created_at',
      ],
      events.map((e) => [
        e.position,
        e.id,
        e.streamId,
        e.revision,
        orgIdOf(e.streamId, e.data),
        e.type,
        e.data as object,
        e.metadata,
        e.createdAt,
      ]),
    );
  },
};
