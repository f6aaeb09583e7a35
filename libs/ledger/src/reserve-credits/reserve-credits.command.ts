import type { CommandContext } from '@quarry/eventstore';

/** Holds a job's worst-case cost until it is settled, released or expires; 402 when the available balance is short. */
export class ReserveCredits {
  constructor(
    readonly input: {
      readonly orgId: string;
      readonly reservationId: string;
      readonly amount: number;
      readonly reason: { readonly jobId?: string; readonly description: string };
      readonly expiresAt: Date;
    },
    readonly context: CommandContext,
    /** Ids for its events when a retry must not append them twice (process managers). */
    readonly eventIds?: (index: number) => string,
  ) {}
}
