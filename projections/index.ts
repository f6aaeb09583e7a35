import type { ProjectionDefinition } from '@quarry/projection-engine';
import { ApiKeyView, apiKeysProjection } from './api-keys';
import { AuditEvent, auditEventsProjection } from './audit-events';
import { OrganizationView, organizationsProjection } from './organizations';

export {
  ApiKeyView,
  apiKeysProjection,
  AuditEvent,
  auditEventsProjection,
  OrganizationView,
  organizationsProjection,
};

/** Every projection Quarry runs; the CLI and the admin API find them here by name. */
export const PROJECTIONS: readonly ProjectionDefinition[] = [
  auditEventsProjection,
  organizationsProjection,
  apiKeysProjection,
];

/** Entities that read projection views, listed explicitly for TypeORM. */
export const READ_MODEL_ENTITIES = [AuditEvent, OrganizationView, ApiKeyView];
