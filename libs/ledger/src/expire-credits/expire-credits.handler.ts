import { CommandHandler } from '@nestjs/cqrs';
import type { ICommandHandler } from '@nestjs/cqrs';
import { CreditsLedger } from '../credits-ledger/credits-ledger';
import type { LedgerDecision } from '../credits-ledger/credits-ledger';
import { ExpireCredits } from './expire-credits.command';

@CommandHandler(ExpireCredits)
export class ExpireCreditsHandler implements ICommandHandler<ExpireCredits, LedgerDecision> {
  constructor(private readonly ledger: CreditsLedger) {}

  execute({
    input: { orgId, ...data },
    context,
    eventIds,
  }: ExpireCredits): Promise<LedgerDecision> {
    return this.ledger.decide(orgId, { type: 'ExpireCredits', data }, context, eventIds);
  }
}
