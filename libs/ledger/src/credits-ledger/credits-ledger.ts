import { Inject, Injectable } from '@nestjs/common';
import { CLOCK } from '@quarry/clock';
import type { Clock } from '@quarry/clock';
import { DecisionQueue, EVENT_STORE, metadataOf } from '@quarry/eventstore';
import type { CommandContext, EventStore, StreamAppend } from '@quarry/eventstore';
import { creditsDecider, creditsStream } from '../credits/credits.decider';
import type { CreditsCommand } from '../credits/credits.commands';
import type { CreditsEvent } from '../credits/credits.events';
import type { CreditsState } from '../credits/credits.state';

/** A command as a handler sends it: everything but the time, which the ledger stamps. */
export type CreditsRequest = {
  [T in CreditsCommand['type']]: {
    type: T;
    data: Omit<Extract<CreditsCommand, { type: T }>['data'], 'now'>;
  };
}[CreditsCommand['type']];

export interface LedgerDecision {
  /**
   * Empty when the command was a redelivery of one already applied; then
   * the appends `with` it were not written either.
   */
  readonly events: readonly CreditsEvent[];
  /** Position of the last event of the decision's batch: read models are current once past it. */
  readonly position: bigint;
}

/**
 * The one way into an organization's credits: decides commands through a
 * DecisionQueue, so concurrent reservations on one organization are decided
 * in order and committed together rather than retried against each other.
 */
@Injectable()
export class CreditsLedger {
  private readonly queue: DecisionQueue<CreditsCommand, CreditsEvent, CreditsState>;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.queue = new DecisionQueue(store, creditsDecider, { maxCachedStreams: 1000 });
  }

  decide(
    orgId: string,
    request: CreditsRequest,
    context: CommandContext,
    eventIds?: (index: number) => string,
    /** Appends to other streams that commit with the decision's events, or not at all. */
    withAppends?: readonly StreamAppend[],
  ): Promise<LedgerDecision> {
    const command = {
      type: request.type,
      data: { ...request.data, now: this.clock.now() },
    } as CreditsCommand;
    return this.queue.decide(creditsStream(orgId), command, {
      metadata: metadataOf(context),
      eventIds,
      with: withAppends,
    });
  }

  /** The organization's current state, folded from its events. */
  async state(orgId: string): Promise<CreditsState> {
    return (await this.queue.load(creditsStream(orgId))).state;
  }
}
