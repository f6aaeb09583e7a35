import { Inject } from '@nestjs/common';
import { CommandHandler } from '@nestjs/cqrs';
import type { ICommandHandler } from '@nestjs/cqrs';
import { CLOCK } from '@quarry/clock';
import type { Clock } from '@quarry/clock';
import { decideAndAppend, EVENT_STORE, metadataOf } from '@quarry/eventstore';
import type { EventStore } from '@quarry/eventstore';
import { apiKeyDecider, apiKeyStream } from '../api-key.decider';
import { RevokeApiKey } from './revoke-api-key.command';
import type { ApiKeyRevokedResult } from './revoke-api-key.command';

@CommandHandler(RevokeApiKey)
export class RevokeApiKeyHandler implements ICommandHandler<RevokeApiKey, ApiKeyRevokedResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input, context }: RevokeApiKey): Promise<ApiKeyRevokedResult> {
    const { position } = await decideAndAppend(
      this.store,
      apiKeyStream(input.keyId),
      apiKeyDecider,
      { type: 'RevokeApiKey', data: { keyId: input.keyId, now: this.clock.now() } },
      { metadata: metadataOf(context), retryOnConflict: true },
    );
    return { position };
  }
}
