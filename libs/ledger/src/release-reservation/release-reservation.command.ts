import type { CommandContext } from '@quarry/eventstore';

/** Voids a reservation: everything it held is available again. */
export class ReleaseReservation {
  constructor(
    readonly input: {
      readonly orgId: string;
      readonly reservationId: string;
      readonly reason: string;
    },
    readonly context: CommandContext,
    /** Ids for its events when a retry must not append them twice (process managers). */
    readonly eventIds?: (index: number) => string,
  ) {}
}
