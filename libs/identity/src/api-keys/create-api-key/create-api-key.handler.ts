import { Inject } from '@nestjs/common';
import { CommandHandler } from '@nestjs/cqrs';
import type { ICommandHandler } from '@nestjs/cqrs';
import { decideAndAppend, EVENT_STORE } from '@quarry/eventstore';
import type { EventStore } from '@quarry/eventstore';
import { QuarryError } from '@quarry/errors';
import { metadataOf } from '../../command-context';
import { newId } from '../../ids';
import { API_KEY_PEPPER } from '../../identity.tokens';
import { generateApiKey, hashApiKey } from '../api-key-format';
import { organizationStream } from '../../organizations/organization.decider';
import { apiKeyDecider, apiKeyStream } from '../api-key.decider';
import { CreateApiKey } from './create-api-key.command';
import type { ApiKeyCreatedResult } from './create-api-key.command';

@CommandHandler(CreateApiKey)
export class CreateApiKeyHandler implements ICommandHandler<CreateApiKey, ApiKeyCreatedResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(API_KEY_PEPPER) private readonly pepper: string,
  ) {}

  async execute({ input, context }: CreateApiKey): Promise<ApiKeyCreatedResult> {
    if (!(await this.organizationExists(input.orgId))) {
      throw new QuarryError('not_found', `Organization ${input.orgId} not found`);
    }
    const keyId = newId('key');
    const key = generateApiKey(input.environment);
    const { position } = await decideAndAppend(
      this.store,
      apiKeyStream(keyId),
      apiKeyDecider,
      {
        type: 'CreateApiKey',
        data: {
          keyId,
          orgId: input.orgId,
          name: input.name,
          scopes: input.scopes,
          environment: input.environment,
          keyHash: hashApiKey(key.secret, this.pepper),
          prefix: key.prefix,
          hint: key.hint,
          expiresAt: input.expiresAt,
          now: new Date(),
        },
      },
      { metadata: metadataOf(context) },
    );
    return { keyId, secret: key.secret, position };
  }

  private async organizationExists(orgId: string): Promise<boolean> {
    for await (const _event of this.store.readStream(organizationStream(orgId), { maxCount: 1 }))
      return true;
    return false;
  }
}
