import { CommandHandler } from '@nestjs/cqrs';
import type { ICommandHandler } from '@nestjs/cqrs';
import { CreditsLedger } from '../credits-ledger/credits-ledger';
import type { LedgerDecision } from '../credits-ledger/credits-ledger';
import { RefundCharge } from './refund-charge.command';

@CommandHandler(RefundCharge)
export class RefundChargeHandler implements ICommandHandler<RefundCharge, LedgerDecision> {
  constructor(private readonly ledger: CreditsLedger) {}

  execute({ input: { orgId, ...data }, context, eventIds }: RefundCharge): Promise<LedgerDecision> {
    return this.ledger.decide(orgId, { type: 'RefundCharge', data }, context, eventIds);
  }
}
