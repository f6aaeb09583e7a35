import { CommandHandler } from '@nestjs/cqrs';
import type { ICommandHandler } from '@nestjs/cqrs';
import { CreditsLedger } from '../credits-ledger/credits-ledger';
import type { LedgerDecision } from '../credits-ledger/credits-ledger';
import { ExpireReservation } from './expire-reservation.command';

@CommandHandler(ExpireReservation)
export class ExpireReservationHandler implements ICommandHandler<
  ExpireReservation,
  LedgerDecision
> {
  constructor(private readonly ledger: CreditsLedger) {}

  execute({
    input: { orgId, ...data },
    context,
    eventIds,
  }: ExpireReservation): Promise<LedgerDecision> {
    return this.ledger.decide(orgId, { type: 'ExpireReservation', data }, context, eventIds);
  }
}
