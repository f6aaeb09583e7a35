import type { ProjectionDefinition } from '@quarry/projection-engine';
import { apiKeysProjection } from './api-keys';
import { AuditEvent, auditEventsProjection } from './audit-events';
import { jobsProjection } from './jobs';
import { ledgerProjection } from './ledger';
import { organizationsProjection } from './organizations';

export {
  jobsProjection,
  apiKeysProjection,
  AuditEvent,
  auditEventsProjection,
  ledgerProjection,
  organizationsProjection,
};

/** Every projection Quarry runs; the CLI and the admin API find them here by name. */
export const PROJECTIONS: readonly ProjectionDefinition[] = [
  auditEventsProjection,
  organizationsProjection,
  apiKeysProjection,
  ledgerProjection,
  jobsProjection,
];

/** Entities that read projection views, listed explicitly for TypeORM (other views are read with SQL). */
export const READ_MODEL_ENTITIES = [AuditEvent];
export { LEDGER_ENTRY_TYPES, ledgerEntryOf, orgIdOfCreditsStream, txnIdOf } from './ledger';
export type { LedgerEntry, LedgerEntryRow, LedgerEntryType } from './ledger';
export { ledgerLength, ledgerOrganizations, replayLedger, verifyLedger } from './ledger';
export type { LedgerAsOf, LedgerVerification, ReadModelProblem } from './ledger';
