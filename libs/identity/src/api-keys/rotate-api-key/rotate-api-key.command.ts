import type { CommandContext } from '@quarry/eventstore';

/** RotateKey: a new key with the same name, scopes and environment; the old one works 24 h more. */
export class RotateApiKey {
  constructor(
    readonly input: { readonly keyId: string },
    readonly context: CommandContext,
  ) {}
}

export interface ApiKeyRotatedResult {
  readonly newKeyId: string;
  /** Shown once. */
  readonly secret: string;
  readonly oldKeyExpiresAt: Date;
  /** Position to wait for before the read model shows both keys. */
  readonly position: bigint;
}
