import type { CommandContext } from '@quarry/eventstore';
import type { Plan } from '../organization.decider';

/** Operators move an organization to another plan: its keys' rate limits follow. */
export class ChangeOrganizationPlan {
  constructor(
    readonly input: { readonly orgId: string; readonly plan: Plan },
    readonly context: CommandContext,
  ) {}
}
