import { CommandHandler } from '@nestjs/cqrs';
import type { ICommandHandler } from '@nestjs/cqrs';
import { CreditsLedger } from '../credits-ledger/credits-ledger';
import type { LedgerDecision } from '../credits-ledger/credits-ledger';
import { ReleaseReservation } from './release-reservation.command';

@CommandHandler(ReleaseReservation)
export class ReleaseReservationHandler implements ICommandHandler<
  ReleaseReservation,
  LedgerDecision
> {
  constructor(private readonly ledger: CreditsLedger) {}

  execute({
    input: { orgId, ...data },
    context,
    eventIds,
  }: ReleaseReservation): Promise<LedgerDecision> {
    return this.ledger.decide(orgId, { type: 'ReleaseReservation', data }, context, eventIds);
  }
}
