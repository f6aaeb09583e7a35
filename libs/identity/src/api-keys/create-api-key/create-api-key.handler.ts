import { Inject } from '@nestjs/common';
import { CommandHandler } from '@nestjs/cqrs';
import type { ICommandHandler } from '@nestjs/cqrs';
import { CLOCK } from '@quarry/clock';
import type { Clock } from '@quarry/clock';
import { QuarryError } from '@quarry/errors';
import { EVENT_STORE } from '@quarry/eventstore';
import type { EventStore } from '@quarry/eventstore';
import { API_KEY_PEPPER } from '../../identity.tokens';
import { organizationStream } from '../../organizations/organization.decider';
import { appendNewApiKey } from './append-new-api-key';
import { CreateApiKey } from './create-api-key.command';
import type { ApiKeyCreatedResult } from './create-api-key.command';

@CommandHandler(CreateApiKey)
export class CreateApiKeyHandler implements ICommandHandler<CreateApiKey, ApiKeyCreatedResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(API_KEY_PEPPER) private readonly pepper: string,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input, context }: CreateApiKey): Promise<ApiKeyCreatedResult> {
    if (!(await this.organizationExists(input.orgId))) {
      throw new QuarryError('not_found', `Organization ${input.orgId} not found`);
    }
    return appendNewApiKey(this.store, this.pepper, this.clock.now(), input, context);
  }

  private async organizationExists(orgId: string): Promise<boolean> {
    for await (const _event of this.store.readStream(organizationStream(orgId), { maxCount: 1 }))
      return true;
    return false;
  }
}
