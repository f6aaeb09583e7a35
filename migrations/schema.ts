import { EventRecord, StreamRecord } from '@quarry/eventstore';
import { ProcessManagerCheckpoint } from '@quarry/process-managers';
import { ProjectionBuild } from '@quarry/projection-engine';
import { Foundation1795474295680 } from './1795474295680-foundation';

/**
 * Tables owned by migrations. Projection read models are not listed: each
 * projection generation creates its own tables, so blue/green rebuilds can
 * change them without a migration.
 */
export const SCHEMA_ENTITIES = [
  EventRecord,
  StreamRecord,
  ProjectionBuild,
  ProcessManagerCheckpoint,
];

export const MIGRATIONS = [Foundation1795474295680];
