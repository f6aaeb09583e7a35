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
  | { type: 'OrganizationUnsuspended'; data: { orgId: string; unsuspendedAt: string } }
  | {
      type: 'OrganizationRenamed';
      data: { orgId: string; name: string; previousName: string; renamedAt: string };
    }
  | {
      type: 'OrganizationPlanChanged';
      data: { orgId: string; plan: Plan; previousPlan: Plan; changedAt: string };
    };

export type OrganizationCommand =
  | { type: 'CreateOrganization'; data: { orgId: string; name: string; plan: Plan; now: Date } }
  | { type: 'SuspendOrganization'; data: { orgId: string; reason: string | null; now: Date } }
  | { type: 'UnsuspendOrganization'; data: { orgId: string; now: Date } }
  | { type: 'RenameOrganization'; data: { orgId: string; name: string; now: Date } }
  | { type: 'ChangeOrganizationPlan'; data: { orgId: string; plan: Plan; now: Date } };

export interface OrganizationState {
  readonly exists: boolean;
  readonly suspended: boolean;
  /** Name and plan are meaningful once the organization exists. */
  readonly name: string;
  readonly plan: Plan;
}

export const initialOrganizationState: OrganizationState = {
  exists: false,
  suspended: false,
  name: '',
  plan: 'free',
};

const notFound = (orgId: string) => new QuarryError('not_found', `Organization ${orgId} not found`);

/** The trimmed name, or `invalid_request` naming the field. */
function validName(raw: string): string {
  const name = raw.trim();
  if (name.length === 0 || name.length > 200) {
    throw new QuarryError('invalid_request', 'name must be 1 to 200 characters', [
      { field: 'name', code: 'invalid_length', message: 'name must be 1 to 200 characters' },
    ]);
  }
  return name;
}

export const organizationStream = (orgId: string) => `org-${orgId}`;

export function decideOrganization(
  command: OrganizationCommand,
  state: OrganizationState,
): OrganizationEvent[] {
  switch (command.type) {
    case 'CreateOrganization': {
      if (state.exists)
        throw new QuarryError('conflict', `Organization ${command.data.orgId} already exists`);
      const name = validName(command.data.name);
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
    // Asking for what already holds is a no-op, not a 409: a PATCH retried after a lost
    // response (or sent by two operators at once) succeeds without recording a non-change.
    case 'RenameOrganization': {
      const { orgId, now } = command.data;
      if (!state.exists) throw notFound(orgId);
      const name = validName(command.data.name);
      if (name === state.name) return [];
      return [
        {
          type: 'OrganizationRenamed',
          data: { orgId, name, previousName: state.name, renamedAt: now.toISOString() },
        },
      ];
    }
    case 'ChangeOrganizationPlan': {
      const { orgId, plan, now } = command.data;
      if (!state.exists) throw notFound(orgId);
      if (plan === state.plan) return [];
      return [
        {
          type: 'OrganizationPlanChanged',
          data: { orgId, plan, previousPlan: state.plan, changedAt: now.toISOString() },
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
      return { ...state, exists: true, name: event.data.name, plan: event.data.plan };
    case 'OrganizationSuspended':
      return { ...state, suspended: true };
    case 'OrganizationUnsuspended':
      return { ...state, suspended: false };
    case 'OrganizationRenamed':
      return { ...state, name: event.data.name };
    case 'OrganizationPlanChanged':
      return { ...state, plan: event.data.plan };
  }
}

export const organizationDecider = {
  initialState: initialOrganizationState,
  decide: decideOrganization,
  evolve: evolveOrganization,
};
