import type { CommandContext } from '@quarry/eventstore';
import type { Plan } from '../organization.decider';

export class CreateOrganization {
  constructor(
    readonly input: { readonly name: string; readonly plan: Plan },
    readonly context: CommandContext,
  ) {}
}

export interface OrganizationCreatedResult {
  readonly orgId: string;
  readonly position: bigint;
}
