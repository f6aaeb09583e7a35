import { Inject } from '@nestjs/common';
import { CommandHandler } from '@nestjs/cqrs';
import type { ICommandHandler } from '@nestjs/cqrs';
import { CLOCK } from '@quarry/clock';
import type { Clock } from '@quarry/clock';
import { QuarryError } from '@quarry/errors';
import { EVENT_STORE, loadState, metadataOf, WrongExpectedRevisionError } from '@quarry/eventstore';
import type { EventStore } from '@quarry/eventstore';
import { API_KEY_PEPPER } from '../../identity.tokens';
import { apiKeyDecider, apiKeyStream } from '../api-key.decider';
import { appendNewApiKey } from '../create-api-key/append-new-api-key';
import { RotateApiKey } from './rotate-api-key.command';
import type { ApiKeyRotatedResult } from './rotate-api-key.command';

/**
 * Two streams, no shared transaction: the new key is recorded first, then the
 * old key is marked rotated at the revision the decision was made on. If that
 * loses a race (the old key was revoked or rotated meanwhile), the new key is
 * revoked again and the caller gets a 409 — never two live successors.
 */
@CommandHandler(RotateApiKey)
export class RotateApiKeyHandler implements ICommandHandler<RotateApiKey, ApiKeyRotatedResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(API_KEY_PEPPER) private readonly pepper: string,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input, context }: RotateApiKey): Promise<ApiKeyRotatedResult> {
    const now = this.clock.now();
    const oldStream = apiKeyStream(input.keyId);
    const { state, revision } = await loadState(this.store, oldStream, apiKeyDecider);
    // Decide first with a placeholder successor: every refusal happens before anything is written.
    apiKeyDecider.decide(
      { type: 'RotateApiKey', data: { keyId: input.keyId, replacedBy: 'key_pending', now } },
      state,
    );

    const created = await appendNewApiKey(
      this.store,
      this.pepper,
      now,
      {
        orgId: state.orgId!,
        name: state.name,
        scopes: state.scopes,
        environment: state.environment,
        expiresAt: state.expiresAt === null ? null : new Date(state.expiresAt),
        rotatedFrom: input.keyId,
      },
      context,
    );
    const [rotated] = apiKeyDecider.decide(
      { type: 'RotateApiKey', data: { keyId: input.keyId, replacedBy: created.keyId, now } },
      state,
    );
    try {
      const { position } = await this.store.append(
        oldStream,
        [{ type: rotated.type, data: rotated.data, metadata: metadataOf(context) }],
        { expectedRevision: revision! },
      );
      const overlapEndsAt =
        rotated.type === 'ApiKeyRotated' ? rotated.data.overlapEndsAt : now.toISOString();
      return {
        newKeyId: created.keyId,
        secret: created.secret,
        oldKeyExpiresAt: new Date(overlapEndsAt),
        position,
      };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      await this.store.append(
        apiKeyStream(created.keyId),
        [
          {
            type: 'ApiKeyRevoked',
            data: { keyId: created.keyId, orgId: state.orgId!, revokedAt: now.toISOString() },
            metadata: metadataOf(context),
          },
        ],
        { expectedRevision: 0n },
      );
      throw new QuarryError(
        'conflict',
        `API key ${input.keyId} changed while it was being rotated; try again`,
      );
    }
  }
}
