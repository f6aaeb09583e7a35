import type { CommandContext } from '@quarry/eventstore';

/** Operators correct an organization's name (trimmed, 1 to 200 characters). */
export class RenameOrganization {
  constructor(
    readonly input: { readonly orgId: string; readonly name: string },
    readonly context: CommandContext,
  ) {}
}

/**
 * Position of the change (or of the stream's end when nothing changed):
 * read models reflect it once past it.
 */
export interface OrganizationChanged {
  readonly position: bigint;
}
