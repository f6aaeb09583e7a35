import { Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AdjustCreditsHandler } from './adjust-credits/adjust-credits.handler';
import { CreditsLedger } from './credits-ledger/credits-ledger';
import { ExpireCreditsHandler } from './expire-credits/expire-credits.handler';
import { ExpireReservationHandler } from './expire-reservation/expire-reservation.handler';
import { GrantCreditsHandler } from './grant-credits/grant-credits.handler';
import { RefundChargeHandler } from './refund-charge/refund-charge.handler';
import { ReleaseReservationHandler } from './release-reservation/release-reservation.handler';
import { ReserveCreditsHandler } from './reserve-credits/reserve-credits.handler';
import { SettleReservationHandler } from './settle-reservation/settle-reservation.handler';

/** The credit ledger's commands; one CreditsLedger per process keeps each org's decisions in order. */
@Global()
@Module({
  imports: [CqrsModule],
  providers: [
    CreditsLedger,
    GrantCreditsHandler,
    AdjustCreditsHandler,
    ReserveCreditsHandler,
    SettleReservationHandler,
    ReleaseReservationHandler,
    ExpireReservationHandler,
    RefundChargeHandler,
    ExpireCreditsHandler,
  ],
  exports: [CreditsLedger],
})
export class LedgerModule {}
