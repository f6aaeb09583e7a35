import { QuarryError } from '@quarry/errors';

export const PLANS = ['free', 'starter', 'pro', 'enterprise'] as const;
export type Plan = (typeof PLANS)[number];

export type OrganizationEvent = {
  type: 'OrganizationCreated';
  data: { orgId: string; name: string; plan: Plan; createdAt: string };
};

export type OrganizationCommand = {
  type: 'CreateOrganization';
  data: { orgId: string; name: string; plan: Plan; now: Date };
};

export interface OrganizationState {
  readonly exists: boolean;
}

export const initialOrganizationState: OrganizationState = { exists: false };

export const organizationStream = (orgId: string) => `org-${orgId}`;

export function decideOrganization(
  command: OrganizationCommand,
  state: OrganizationState,
): OrganizationEvent[] {
  switch (command.type) {
    case 'CreateOrganization': {
      if (state.exists)
        throw new QuarryError('conflict', `Organization ${command.data.orgId} already exists`);
      const name = command.data.name.trim();
      if (name.length === 0 || name.length > 200) {
        throw new QuarryError('invalid_request', 'name must be 1 to 200 characters', [
          { field: 'name', code: 'invalid_length', message: 'name must be 1 to 200 characters' },
        ]);
      }
      return [
        {
          type: 'OrganizationCreated',
          data: {
            orgId: command.data.orgId,
            name,
            plan: command.data.plan,
            createdAt: command.data.now.toISOString(),
          },
        },
      ];
    }
  }
}

export function evolveOrganization(
  state: OrganizationState,
  event: OrganizationEvent,
): OrganizationState {
  switch (event.type) {
    case 'OrganizationCreated':
      return { ...state, exists: true };
  }
}
