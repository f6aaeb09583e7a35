import type { CommandContext } from '@quarry/eventstore';

export class UnsuspendOrganization {
  constructor(
    readonly input: { readonly orgId: string },
    readonly context: CommandContext,
  ) {}
}
