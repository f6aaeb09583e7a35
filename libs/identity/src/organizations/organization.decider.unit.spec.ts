import type { QuarryError } from '@quarry/errors';
import {
  decideOrganization,
  evolveOrganization,
  initialOrganizationState,
} from './organization.decider';
import type { OrganizationCommand, Plan } from './organization.decider';

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

  describe('rename', () => {
    const created = decideOrganization(create('Acme'), initialOrganizationState).reduce(
      evolveOrganization,
      initialOrganizationState,
    );
    const rename = (name: string): OrganizationCommand => ({
      type: 'RenameOrganization',
      data: { orgId: 'org_1', name, now },
    });

    it('given an organization, when RenameOrganization, then OrganizationRenamed with the trimmed name and the previous one', () => {
      expect(decideOrganization(rename('  Acme Corp '), created)).toEqual([
        {
          type: 'OrganizationRenamed',
          data: {
            orgId: 'org_1',
            name: 'Acme Corp',
            previousName: 'Acme',
            renamedAt: now.toISOString(),
          },
        },
      ]);
    });

    it('given a renamed organization, when RenameOrganization again, then the name it was renamed from is the previous one', () => {
      const renamed = decideOrganization(rename('Acme Corp'), created).reduce(
        evolveOrganization,
        created,
      );
      expect(decideOrganization(rename('Acme Inc'), renamed)).toEqual([
        expect.objectContaining({
          data: expect.objectContaining({ name: 'Acme Inc', previousName: 'Acme Corp' }),
        }),
      ]);
    });

    it('given an organization, when RenameOrganization to its current name (after trimming), then nothing happens', () => {
      expect(decideOrganization(rename('Acme'), created)).toEqual([]);
      expect(decideOrganization(rename(' Acme  '), created)).toEqual([]);
    });

    it.each(['', '   ', 'x'.repeat(201)])('refuses to rename to %j, naming the field', (name) => {
      expect(() => decideOrganization(rename(name), created)).toThrow(
        expect.objectContaining({
          code: 'invalid_request',
          details: [expect.objectContaining({ field: 'name' })],
        }) as QuarryError,
      );
    });

    it('accepts a name of 200 characters', () => {
      expect(decideOrganization(rename('x'.repeat(200)), created)).toHaveLength(1);
    });

    it('given nothing, when RenameOrganization, then not_found', () => {
      expect(() => decideOrganization(rename('Acme'), initialOrganizationState)).toThrow(
        expect.objectContaining({ code: 'not_found' }) as QuarryError,
      );
    });
  });

  describe('plan change', () => {
    const created = decideOrganization(create('Acme'), initialOrganizationState).reduce(
      evolveOrganization,
      initialOrganizationState,
    );
    const changePlan = (plan: Plan): OrganizationCommand => ({
      type: 'ChangeOrganizationPlan',
      data: { orgId: 'org_1', plan, now },
    });

    it('given a pro organization, when ChangeOrganizationPlan to free, then OrganizationPlanChanged with the previous plan', () => {
      expect(decideOrganization(changePlan('free'), created)).toEqual([
        {
          type: 'OrganizationPlanChanged',
          data: { orgId: 'org_1', plan: 'free', previousPlan: 'pro', changedAt: now.toISOString() },
        },
      ]);
    });

    it('given an organization whose plan changed, when ChangeOrganizationPlan back, then the changed plan is the previous one', () => {
      const free = decideOrganization(changePlan('free'), created).reduce(
        evolveOrganization,
        created,
      );
      expect(decideOrganization(changePlan('pro'), free)).toEqual([
        expect.objectContaining({
          data: expect.objectContaining({ plan: 'pro', previousPlan: 'free' }),
        }),
      ]);
      expect(decideOrganization(changePlan('free'), free)).toEqual([]);
    });

    it('given a pro organization, when ChangeOrganizationPlan to pro, then nothing happens', () => {
      expect(decideOrganization(changePlan('pro'), created)).toEqual([]);
    });

    it('given nothing, when ChangeOrganizationPlan, then not_found', () => {
      expect(() => decideOrganization(changePlan('pro'), initialOrganizationState)).toThrow(
        expect.objectContaining({ code: 'not_found' }) as QuarryError,
      );
    });

    it('keeps name and plan through suspension', () => {
      const suspended = evolveOrganization(created, {
        type: 'OrganizationSuspended',
        data: { orgId: 'org_1', reason: null, suspendedAt: now.toISOString() },
      });
      expect(decideOrganization(changePlan('pro'), suspended)).toEqual([]);
      expect(decideOrganization(changePlan('free'), suspended)).toHaveLength(1);
    });
  });
});
