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
});
