import type { QuarryError } from '@quarry/errors';
import {
  decideOrganization,
  evolveOrganization,
  initialOrganizationState,
} from './organization.decider';
import type { OrganizationCommand } from './organization.decider';

const now = new Date('2026-11-23T10:00:00Z');
const create = (name: string): OrganizationCommand => ({
  type: 'CreateOrganization',
  data: { orgId: 'org_1', name, plan: 'pro', now },
});

describe('organization decider', () => {
  it('given nothing, when CreateOrganization, then OrganizationCreated with the trimmed name', () => {
    expect(decideOrganization(create('  Acme '), initialOrganizationState)).toEqual([
      {
        type: 'OrganizationCreated',
        data: { orgId: 'org_1', name: 'Acme', plan: 'pro', createdAt: now.toISOString() },
      },
    ]);
  });

  it('given a created organization, when CreateOrganization again, then conflict', () => {
    const state = decideOrganization(create('Acme'), initialOrganizationState).reduce(
      evolveOrganization,
      initialOrganizationState,
    );
    expect(() => decideOrganization(create('Acme'), state)).toThrow(
      expect.objectContaining({ code: 'conflict' }) as QuarryError,
    );
  });

  it.each(['', '   ', 'x'.repeat(201)])('refuses the name %j', (name) => {
    expect(() => decideOrganization(create(name), initialOrganizationState)).toThrow(
      expect.objectContaining({ code: 'invalid_request' }) as QuarryError,
    );
  });

  describe('suspension', () => {
    const created = decideOrganization(create('Acme'), initialOrganizationState).reduce(
      evolveOrganization,
      initialOrganizationState,
    );
    const suspend: OrganizationCommand = {
      type: 'SuspendOrganization',
      data: { orgId: 'org_1', reason: 'unpaid', now },
    };
    const unsuspend: OrganizationCommand = {
      type: 'UnsuspendOrganization',
      data: { orgId: 'org_1', now },
    };

    it('given an active organization, when SuspendOrganization, then OrganizationSuspended with the reason', () => {
      expect(decideOrganization(suspend, created)).toEqual([
        {
          type: 'OrganizationSuspended',
          data: { orgId: 'org_1', reason: 'unpaid', suspendedAt: now.toISOString() },
        },
      ]);
    });

    it('given a suspended organization, when UnsuspendOrganization, then OrganizationUnsuspended', () => {
      const suspended = decideOrganization(suspend, created).reduce(evolveOrganization, created);
      expect(decideOrganization(unsuspend, suspended)).toEqual([
        {
          type: 'OrganizationUnsuspended',
          data: { orgId: 'org_1', unsuspendedAt: now.toISOString() },
        },
      ]);
      expect(() => decideOrganization(suspend, suspended)).toThrow(
        'Organization org_1 is already suspended',
      );
    });

    it('refuses to unsuspend an active organization, and both on an unknown one', () => {
      expect(() => decideOrganization(unsuspend, created)).toThrow(
        'Organization org_1 is not suspended',
      );
      expect(() => decideOrganization(suspend, initialOrganizationState)).toThrow(
        expect.objectContaining({ code: 'not_found' }) as QuarryError,
      );
      expect(() => decideOrganization(unsuspend, initialOrganizationState)).toThrow(
        expect.objectContaining({ code: 'not_found' }) as QuarryError,
      );
    });
  });
});
