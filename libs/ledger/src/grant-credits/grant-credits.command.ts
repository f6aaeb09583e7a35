import type { CommandContext } from '@quarry/eventstore';
import type { GrantKind } from '../credits/credits.events';

/** Credits come in: a purchase (Stripe, later), the free tier, a bonus. A repeated grantId grants nothing more. */
export class GrantCredits {
  constructor(
    readonly input: {
      readonly orgId: string;
      readonly grantId: string;
      readonly kind: GrantKind;
      readonly amount: number;
      readonly expiresAt: Date | null;
      readonly note: string | null;
      readonly paymentRef: string | null;
    },
    readonly context: CommandContext,
    /** Ids for its events when a retry must not append them twice (process managers). */
    readonly eventIds?: (index: number) => string,
  ) {}
}
