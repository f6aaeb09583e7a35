import type { CommandContext } from '@quarry/eventstore';
import type { KeyEnvironment } from '../api-key-format';

export class CreateApiKey {
  constructor(
    readonly input: {
      readonly orgId: string;
      readonly name: string;
      readonly scopes: readonly string[];
      readonly environment: KeyEnvironment;
      readonly expiresAt: Date | null;
    },
    readonly context: CommandContext,
  ) {}
}

export interface ApiKeyCreatedResult {
  readonly keyId: string;
  /** The only time the secret exists outside the caller's hands. */
  readonly secret: string;
  readonly position: bigint;
}
