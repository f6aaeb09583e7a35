import type { CommandContext } from '@quarry/eventstore';

/** Immediate: the key is refused from the next request on. Revoking a revoked key changes nothing. */
export class RevokeApiKey {
  constructor(
    readonly input: { readonly keyId: string },
    readonly context: CommandContext,
  ) {}
}

export interface ApiKeyRevokedResult {
  /** Position to wait for before the read model shows the key revoked. */
  readonly position: bigint;
}
