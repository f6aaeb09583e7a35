export { AuditEvent } from './audit-event.entity';
export { auditEventsProjection } from './audit-events.projection';
