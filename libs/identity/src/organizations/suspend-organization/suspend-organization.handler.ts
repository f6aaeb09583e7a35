import { Inject } from '@nestjs/common';
import { CommandHandler } from '@nestjs/cqrs';
import type { ICommandHandler } from '@nestjs/cqrs';
import { CLOCK } from '@quarry/clock';
import type { Clock } from '@quarry/clock';
import { decideAndAppend, EVENT_STORE, metadataOf } from '@quarry/eventstore';
import type { EventStore } from '@quarry/eventstore';
import { organizationDecider, organizationStream } from '../organization.decider';
import { SuspendOrganization } from './suspend-organization.command';
import type { OrganizationStatusChanged } from './suspend-organization.command';

@CommandHandler(SuspendOrganization)
export class SuspendOrganizationHandler implements ICommandHandler<
  SuspendOrganization,
  OrganizationStatusChanged
> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input, context }: SuspendOrganization): Promise<OrganizationStatusChanged> {
    // Deciding again after a concurrent change is safe: a second suspend becomes a 409.
    const { position } = await decideAndAppend(
      this.store,
      organizationStream(input.orgId),
      organizationDecider,
      {
        type: 'SuspendOrganization',
        data: { orgId: input.orgId, reason: input.reason, now: this.clock.now() },
      },
      { metadata: metadataOf(context), retryOnConflict: true },
    );
    return { position };
  }
}
