import type { CommandContext } from '../../command-context';

export class UnsuspendOrganization {
  constructor(
    readonly input: { readonly orgId: string },
    readonly context: CommandContext,
  ) {}
}
