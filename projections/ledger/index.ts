export { ledgerProjection } from './ledger.projection';
export {
  CREDITS_STREAM_PREFIX,
  LEDGER_ENTRY_TYPES,
  ledgerEntryOf,
  orgIdOfCreditsStream,
  txnIdOf,
} from './ledger-entry';
export type { LedgerEntry, LedgerEntryRow, LedgerEntryType } from './ledger-entry';
export { ledgerLength, ledgerOrganizations, replayLedger, verifyLedger } from './ledger-audit';
export type { LedgerAsOf, LedgerVerification, ReadModelProblem } from './ledger-audit';
