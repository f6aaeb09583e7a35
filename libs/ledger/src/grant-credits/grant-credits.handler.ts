import { CommandHandler } from '@nestjs/cqrs';
import type { ICommandHandler } from '@nestjs/cqrs';
import { CreditsLedger } from '../credits-ledger/credits-ledger';
import type { LedgerDecision } from '../credits-ledger/credits-ledger';
import { GrantCredits } from './grant-credits.command';

@CommandHandler(GrantCredits)
export class GrantCreditsHandler implements ICommandHandler<GrantCredits, LedgerDecision> {
  constructor(private readonly ledger: CreditsLedger) {}

  execute({ input: { orgId, ...data }, context, eventIds }: GrantCredits): Promise<LedgerDecision> {
    return this.ledger.decide(orgId, { type: 'GrantCredits', data }, context, eventIds);
  }
}
