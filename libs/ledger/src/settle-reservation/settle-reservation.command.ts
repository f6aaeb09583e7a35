import type { CommandContext } from '@quarry/eventstore';

/** Charges what the work cost (at most the reservation) and releases the rest. */
export class SettleReservation {
  constructor(
    readonly input: {
      readonly orgId: string;
      readonly reservationId: string;
      readonly amount: number;
    },
    readonly context: CommandContext,
    /** Ids for its events when a retry must not append them twice (process managers). */
    readonly eventIds?: (index: number) => string,
  ) {}
}
