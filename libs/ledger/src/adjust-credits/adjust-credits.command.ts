import type { CommandContext } from '@quarry/eventstore';

/** Operators add or take credits, with a note and an idempotency key (a retry adjusts nothing more). */
export class AdjustCredits {
  constructor(
    readonly input: {
      readonly orgId: string;
      readonly idempotencyKey: string;
      readonly delta: number;
      readonly note: string;
    },
    readonly context: CommandContext,
    /** Ids for its events when a retry must not append them twice (process managers). */
    readonly eventIds?: (index: number) => string,
  ) {}
}
