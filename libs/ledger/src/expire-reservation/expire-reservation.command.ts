import type { CommandContext } from '@quarry/eventstore';

/** A reservation's timeout, once past its expiry: released like a void. */
export class ExpireReservation {
  constructor(
    readonly input: { readonly orgId: string; readonly reservationId: string },
    readonly context: CommandContext,
    /** Ids for its events when a retry must not append them twice (process managers). */
    readonly eventIds?: (index: number) => string,
  ) {}
}
