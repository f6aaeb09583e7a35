import { CommandHandler } from '@nestjs/cqrs';
import type { ICommandHandler } from '@nestjs/cqrs';
import { CreditsLedger } from '../credits-ledger/credits-ledger';
import type { LedgerDecision } from '../credits-ledger/credits-ledger';
import { SettleReservation } from './settle-reservation.command';

@CommandHandler(SettleReservation)
export class SettleReservationHandler implements ICommandHandler<
  SettleReservation,
  LedgerDecision
> {
  constructor(private readonly ledger: CreditsLedger) {}

  execute({
    input: { orgId, ...data },
    context,
    eventIds,
  }: SettleReservation): Promise<LedgerDecision> {
    return this.ledger.decide(orgId, { type: 'SettleReservation', data }, context, eventIds);
  }
}
