import { CommandHandler } from '@nestjs/cqrs';
import type { ICommandHandler } from '@nestjs/cqrs';
import { CreditsLedger } from '../credits-ledger/credits-ledger';
import type { LedgerDecision } from '../credits-ledger/credits-ledger';
import { AdjustCredits } from './adjust-credits.command';

@CommandHandler(AdjustCredits)
export class AdjustCreditsHandler implements ICommandHandler<AdjustCredits, LedgerDecision> {
  constructor(private readonly ledger: CreditsLedger) {}

  execute({
    input: { orgId, ...data },
    context,
    eventIds,
  }: AdjustCredits): Promise<LedgerDecision> {
    return this.ledger.decide(orgId, { type: 'AdjustCredits', data }, context, eventIds);
  }
}
