import { QuarryError } from '@quarry/errors';

export const PLANS = ['free', 'starter', 'pro', 'enterprise'] as const;
export type Plan = (typeof PLANS)[number];

export type OrganizationEvent =
  | {
      type: 'OrganizationCreated';
      data: { orgId: string; name: string; plan: Plan; createdAt: string };
    }
  | {
      type: 'OrganizationSuspended';
      data: { orgId: string; reason: string | null; suspendedAt: string };
    }
  | { type: 'OrganizationUnsuspended'; data: { orgId: string; unsuspendedAt: string } };

export type OrganizationCommand =
  | { type: 'CreateOrganization'; data: { orgId: string; name: string; plan: Plan; now: Date } }
  | { type: 'SuspendOrganization'; data: { orgId: string; reason: string | null; now: Date } }
  | { type: 'UnsuspendOrganization'; data: { orgId: string; now: Date } };

export interface OrganizationState {
  readonly exists: boolean;
  readonly suspended: boolean;
}

export const initialOrganizationState: OrganizationState = { exists: false, suspended: false };

const notFound = (orgId: string) => new QuarryError('not_found', `Organization ${orgId} not found`);

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
    case 'SuspendOrganization': {
      const { orgId, reason, now } = command.data;
      if (!state.exists) throw notFound(orgId);
      if (state.suspended)
        throw new QuarryError('conflict', `Organization ${orgId} is already suspended`);
      return [
        { type: 'OrganizationSuspended', data: { orgId, reason, suspendedAt: now.toISOString() } },
      ];
    }
    case 'UnsuspendOrganization': {
      const { orgId, now } = command.data;
      if (!state.exists) throw notFound(orgId);
      if (!state.suspended)
        throw new QuarryError('conflict', `Organization ${orgId} is not suspended`);
      return [
        { type: 'OrganizationUnsuspended', data: { orgId, unsuspendedAt: now.toISOString() } },
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
    case 'OrganizationSuspended':
      return { ...state, suspended: true };
    case 'OrganizationUnsuspended':
      return { ...state, suspended: false };
  }
}

export const organizationDecider = {
  initialState: initialOrganizationState,
  decide: decideOrganization,
  evolve: evolveOrganization,
};
