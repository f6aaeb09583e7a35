import { Inject } from '@nestjs/common';
import { CommandHandler } from '@nestjs/cqrs';
import type { ICommandHandler } from '@nestjs/cqrs';
import { CLOCK } from '@quarry/clock';
import type { Clock } from '@quarry/clock';
import { decideAndAppend, EVENT_STORE, metadataOf } from '@quarry/eventstore';
import type { EventStore } from '@quarry/eventstore';
import { organizationDecider, organizationStream } from '../organization.decider';
import { RenameOrganization } from './rename-organization.command';
import type { OrganizationChanged } from './rename-organization.command';

@CommandHandler(RenameOrganization)
export class RenameOrganizationHandler implements ICommandHandler<
  RenameOrganization,
  OrganizationChanged
> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input, context }: RenameOrganization): Promise<OrganizationChanged> {
    // Deciding again after a concurrent change is safe: the last rename wins, a repeat is a no-op.
    const { position } = await decideAndAppend(
      this.store,
      organizationStream(input.orgId),
      organizationDecider,
      {
        type: 'RenameOrganization',
        data: { orgId: input.orgId, name: input.name, now: this.clock.now() },
      },
      { metadata: metadataOf(context), retryOnConflict: true },
    );
    return { position };
  }
}
