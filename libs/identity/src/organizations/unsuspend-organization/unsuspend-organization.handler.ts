import { Inject } from '@nestjs/common';
import { CommandHandler } from '@nestjs/cqrs';
import type { ICommandHandler } from '@nestjs/cqrs';
import { CLOCK } from '@quarry/clock';
import type { Clock } from '@quarry/clock';
import { decideAndAppend, EVENT_STORE, metadataOf } from '@quarry/eventstore';
import type { EventStore } from '@quarry/eventstore';
import { organizationDecider, organizationStream } from '../organization.decider';
import type { OrganizationStatusChanged } from '../suspend-organization/suspend-organization.command';
import { UnsuspendOrganization } from './unsuspend-organization.command';

@CommandHandler(UnsuspendOrganization)
export class UnsuspendOrganizationHandler implements ICommandHandler<
  UnsuspendOrganization,
  OrganizationStatusChanged
> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input, context }: UnsuspendOrganization): Promise<OrganizationStatusChanged> {
    const { position } = await decideAndAppend(
      this.store,
      organizationStream(input.orgId),
      organizationDecider,
      { type: 'UnsuspendOrganization', data: { orgId: input.orgId, now: this.clock.now() } },
      { metadata: metadataOf(context), retryOnConflict: true },
    );
    return { position };
  }
}
