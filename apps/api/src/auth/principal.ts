import type { Scope } from '@quarry/identity';

/** The authenticated caller of a /v1 request. */
export interface Principal {
  readonly orgId: string;
  readonly keyId: string;
  readonly scopes: ReadonlySet<Scope>;
}

export type AuthenticatedRequest = { principal?: Principal; id?: unknown };
