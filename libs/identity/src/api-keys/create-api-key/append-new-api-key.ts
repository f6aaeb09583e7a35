import { decideAndAppend, metadataOf, newId } from '@quarry/eventstore';
import type { CommandContext, EventStore } from '@quarry/eventstore';
import type { KeyEnvironment } from '../api-key-format';
import { generateApiKey, hashApiKey } from '../api-key-format';
import { apiKeyDecider, apiKeyStream } from '../api-key.decider';
import type { ApiKeyCreatedResult } from './create-api-key.command';

export interface NewApiKey {
  readonly orgId: string;
  readonly name: string;
  readonly scopes: readonly string[];
  readonly environment: KeyEnvironment;
  readonly expiresAt: Date | null;
  readonly rotatedFrom?: string;
}

/** Generates a secret, keeps only its HMAC, and records the key: for CreateApiKey and RotateApiKey. */
export async function appendNewApiKey(
  store: EventStore,
  pepper: string,
  now: Date,
  input: NewApiKey,
  context: CommandContext,
): Promise<ApiKeyCreatedResult> {
  const keyId = newId('key');
  const key = generateApiKey(input.environment);
  const { position } = await decideAndAppend(
    store,
    apiKeyStream(keyId),
    apiKeyDecider,
    {
      type: 'CreateApiKey',
      data: {
        ...input,
        keyId,
        keyHash: hashApiKey(key.secret, pepper),
        prefix: key.prefix,
        hint: key.hint,
        now,
      },
    },
    { metadata: metadataOf(context) },
  );
  return { keyId, secret: key.secret, position };
}
