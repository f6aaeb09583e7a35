import { Inject } from '@nestjs/common';
import { CommandHandler } from '@nestjs/cqrs';
import type { ICommandHandler } from '@nestjs/cqrs';
import { decideAndAppend, EVENT_STORE } from '@quarry/eventstore';
import type { EventStore } from '@quarry/eventstore';
import { metadataOf } from '../../command-context';
import { newId } from '../../ids';
import { organizationDecider, organizationStream } from '../organization.decider';
import { CreateOrganization } from './create-organization.command';
import type { OrganizationCreatedResult } from './create-organization.command';

@CommandHandler(CreateOrganization)
export class CreateOrganizationHandler implements ICommandHandler<
  CreateOrganization,
  OrganizationCreatedResult
> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ input, context }: CreateOrganization): Promise<OrganizationCreatedResult> {
    const orgId = newId('org');
    const { position } = await decideAndAppend(
      this.store,
      organizationStream(orgId),
      organizationDecider,
      {
        type: 'CreateOrganization',
        data: { orgId, name: input.name, plan: input.plan, now: new Date() },
      },
      { metadata: metadataOf(context) },
    );
    return { orgId, position };
  }
}
