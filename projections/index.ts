import type { ProjectionDefinition } from '@quarry/projection-engine';
import { AuditEvent, auditEventsProjection } from './audit-events';

export { AuditEvent, auditEventsProjection };

/** Every projection Quarry runs; the CLI and the admin API find them here by name. */
export const PROJECTIONS: readonly ProjectionDefinition[] = [auditEventsProjection];

/** Entities that read projection views, listed explicitly for TypeORM. */
export const READ_MODEL_ENTITIES = [AuditEvent];
