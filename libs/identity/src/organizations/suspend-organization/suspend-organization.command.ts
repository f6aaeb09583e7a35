import type { CommandContext } from '@quarry/eventstore';

/** Operators stop an organization: every call of its keys gets 403 until unsuspended. */
export class SuspendOrganization {
  constructor(
    readonly input: { readonly orgId: string; readonly reason: string | null },
    readonly context: CommandContext,
  ) {}
}

/** Position of the status change: read models reflect it once past it. */
export interface OrganizationStatusChanged {
  readonly position: bigint;
}
