import type { Scope } from '@quarry/identity';
import type { KeyRow } from './key-cache';

/** The authenticated caller of a /v1 request. */
export interface Principal {
  readonly orgId: string;
  readonly keyId: string;
  readonly scopes: ReadonlySet<Scope>;
  /** The key as the guard found it (cached; never its secret or hash). */
  readonly key: KeyRow;
}

export type AuthenticatedRequest = { principal?: Principal; id?: unknown };
