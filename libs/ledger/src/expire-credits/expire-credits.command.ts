import type { CommandContext } from '@quarry/eventstore';

/** The unused rest of a grant with an expiry, once past it, leaves the balance. */
export class ExpireCredits {
  constructor(
    readonly input: { readonly orgId: string; readonly grantId: string },
    readonly context: CommandContext,
    /** Ids for its events when a retry must not append them twice (process managers). */
    readonly eventIds?: (index: number) => string,
  ) {}
}
