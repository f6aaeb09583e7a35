import type { CommandContext } from '@quarry/eventstore';

/** Operators give back up to what a settled reservation charged, once per idempotency key. */
export class RefundCharge {
  constructor(
    readonly input: {
      readonly orgId: string;
      readonly reservationId: string;
      readonly amount: number;
      readonly idempotencyKey: string;
      readonly note: string;
    },
    readonly context: CommandContext,
    /** Ids for its events when a retry must not append them twice (process managers). */
    readonly eventIds?: (index: number) => string,
  ) {}
}
