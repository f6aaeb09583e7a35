export { creditsDecider, creditsStream, decideCredits } from './credits/credits.decider';
export {
  adjustmentOf,
  conservation,
  evolveCredits,
  initialCreditsState,
  refundOf,
  reservationOf,
  reservationsOf,
} from './credits/credits.state';
export type {
  AdjustmentRecord,
  ConservationReport,
  CreditsState,
  GrantLot,
  RefundRecord,
  ReservationRecord,
  ReservationStatus,
} from './credits/credits.state';
export type { HashedRecord } from './credits/hashed-record';
export type { CreditsCommand, CreditsCommandType } from './credits/credits.commands';
export { GRANT_KINDS, RESOLUTION_EVENT_TYPES } from './credits/credits.events';
export type {
  BalanceSnapshot,
  Consumption,
  CreditsEvent,
  CreditsEventOf,
  CreditsEventType,
  GrantKind,
  LedgerEntryFields,
  ReservationReason,
} from './credits/credits.events';
export { GENESIS_HASH, hashLedgerEvent, verifyChain } from './ledger-hash';
export type { ChainBreak, ChainFields, ChainVerification } from './ledger-hash';
export { LedgerReplay } from './audit/ledger-replay';
export type { LedgerProblem, LedgerProblemKind, ReplayedBalance } from './audit/ledger-replay';
export { CreditsLedger } from './credits-ledger/credits-ledger';
export type { CreditsRequest, LedgerDecision } from './credits-ledger/credits-ledger';
export { LedgerModule } from './ledger.module';
export { ExpireDueCredits } from './expire-due/expire-due-credits';
export type { ExpiryRound } from './expire-due/expire-due-credits';
export { AdjustCredits } from './adjust-credits/adjust-credits.command';
export { ExpireCredits } from './expire-credits/expire-credits.command';
export { ExpireReservation } from './expire-reservation/expire-reservation.command';
export { GrantCredits } from './grant-credits/grant-credits.command';
export { RefundCharge } from './refund-charge/refund-charge.command';
export { ReleaseReservation } from './release-reservation/release-reservation.command';
export { ReserveCredits } from './reserve-credits/reserve-credits.command';
export { SettleReservation } from './settle-reservation/settle-reservation.command';
