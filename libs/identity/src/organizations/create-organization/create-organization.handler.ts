import { Inject } from '@nestjs/common';
import { CommandHandler } from '@nestjs/cqrs';
import type { ICommandHandler } from '@nestjs/cqrs';
import { CLOCK } from '@quarry/clock';
import type { Clock } from '@quarry/clock';
import { decideAndAppend, EVENT_STORE, metadataOf, newId } from '@quarry/eventstore';
import type { EventStore } from '@quarry/eventstore';
import { organizationDecider, organizationStream } from '../organization.decider';
import { CreateOrganization } from './create-organization.command';
import type { OrganizationCreatedResult } from './create-organization.command';

@CommandHandler(CreateOrganization)
export class CreateOrganizationHandler implements ICommandHandler<
  CreateOrganization,
  OrganizationCreatedResult
> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input, context }: CreateOrganization): Promise<OrganizationCreatedResult> {
    const orgId = newId('org');
    const { position } = await decideAndAppend(
      this.store,
      organizationStream(orgId),
      organizationDecider,
      {
        type: 'CreateOrganization',
        data: { orgId, name: input.name, plan: input.plan, now: this.clock.now() },
      },
      { metadata: metadataOf(context) },
    );
    return { orgId, position };
  }
}
