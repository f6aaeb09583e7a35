import { CommandHandler } from '@nestjs/cqrs';
import type { ICommandHandler } from '@nestjs/cqrs';
import { CreditsLedger } from '../credits-ledger/credits-ledger';
import type { LedgerDecision } from '../credits-ledger/credits-ledger';
import { ReserveCredits } from './reserve-credits.command';

@CommandHandler(ReserveCredits)
export class ReserveCreditsHandler implements ICommandHandler<ReserveCredits, LedgerDecision> {
  constructor(private readonly ledger: CreditsLedger) {}

  execute({
    input: { orgId, ...data },
    context,
    eventIds,
  }: ReserveCredits): Promise<LedgerDecision> {
    return this.ledger.decide(orgId, { type: 'ReserveCredits', data }, context, eventIds);
  }
}
