import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import {
  bootstrapOrganization,
  ChangeOrganizationPlan,
  PLANS,
  RenameOrganization,
} from '@quarry/identity';
import type { OrganizationChanged, Plan } from '@quarry/identity';
import type { CommandContext } from '@quarry/eventstore';
import { GrantCredits } from '@quarry/ledger';
import { waitForProjection } from '@quarry/projection-engine';
import { openCliContext } from '../cli-context';
import { reportNewKey } from '../report-new-key';

const credits = (value: string): number => {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1)
    throw new InvalidArgumentError('credits must be a positive whole number');
  return n;
};

const plan = (value: string): Plan => {
  if (!(PLANS as readonly string[]).includes(value))
    throw new InvalidArgumentError(`plan must be one of ${PLANS.join(', ')}`);
  return value as Plan;
};

export function orgsCommand(program: Command): void {
  const orgs = program.command('orgs').description('Organizations');
  orgs
    .command('create')
    .description('Create an organization and a first API key holding every scope')
    .requiredOption('--name <name>', 'organization name')
    .option('--plan <plan>', `one of ${PLANS.join(', ')}`, plan, 'free' as Plan)
    .option('--credits <n>', 'grant this many free-tier credits', credits)
    .option('--json', 'print JSON')
    .action(async (options: { name: string; plan: Plan; credits?: number; json?: boolean }) => {
      const context = await openCliContext();
      try {
        const bus = context.app.get(CommandBus);
        const operator = { actor: `operator:${process.env.USER ?? 'cli'}` };
        const key = await bootstrapOrganization(
          bus,
          { name: options.name, plan: options.plan },
          operator,
        );
        if (options.credits !== undefined) {
          await bus.execute(
            new GrantCredits(
              {
                orgId: key.orgId,
                grantId: 'signup-free-tier',
                kind: 'free_tier',
                amount: options.credits,
                expiresAt: null,
                note: null,
                paymentRef: null,
              },
              operator,
            ),
          );
        }
        await reportNewKey(context, key, {
          json: options.json,
          fields: {
            org_id: key.orgId,
            ...(options.credits !== undefined && { credits: options.credits }),
          },
          lines: [
            `Organization ${key.orgId} (${options.plan})`,
            ...(options.credits !== undefined
              ? [`Granted ${options.credits} free-tier credits`]
              : []),
          ],
        });
      } finally {
        await context.close();
      }
    });
  orgs
    .command('update')
    .description('Rename an organization or change its plan')
    .argument('<id>', 'organization id (org_…)')
    .option('--name <name>', 'new name (trimmed, 1 to 200 characters)')
    .option('--plan <plan>', `one of ${PLANS.join(', ')}`, plan)
    .option('--json', 'print JSON')
    .action(async (orgId: string, options: { name?: string; plan?: Plan; json?: boolean }) => {
      const { name, plan: newPlan } = options;
      if (name === undefined && newPlan === undefined)
        throw new Error('Give --name, --plan or both');
      const context = await openCliContext();
      try {
        const commandBus = context.app.get(CommandBus);
        const actor: CommandContext = { actor: `operator:${process.env.USER ?? 'cli'}` };
        // Sending what already holds changes nothing and succeeds.
        let changed: OrganizationChanged | undefined;
        if (name !== undefined) {
          changed = await commandBus.execute<RenameOrganization, OrganizationChanged>(
            new RenameOrganization({ orgId, name }, actor),
          );
        }
        if (newPlan !== undefined) {
          changed = await commandBus.execute<ChangeOrganizationPlan, OrganizationChanged>(
            new ChangeOrganizationPlan({ orgId, plan: newPlan }, actor),
          );
        }
        const applied = await waitForProjection(
          context.app.get(DataSource),
          'organizations',
          changed!.position,
          5000,
        );
        if (options.json) {
          process.stdout.write(
            `${JSON.stringify({
              org_id: orgId,
              ...(name !== undefined && { name: name.trim() }),
              ...(newPlan !== undefined && { plan: newPlan }),
              applied,
            })}\n`,
          );
          return;
        }
        const lines: string[] = [];
        if (name !== undefined) lines.push(`Organization ${orgId}: name ${name.trim()}`);
        if (newPlan !== undefined) {
          lines.push(`Organization ${orgId}: plan ${newPlan}`);
          // The CLI cannot flush the API instances' key caches; their entries expire instead.
          lines.push('Running API instances apply the new rate limits within a minute.');
        }
        if (!applied)
          lines.push(
            'Note: no worker has applied the change yet; it shows once a Quarry worker runs.',
          );
        process.stdout.write(`${lines.join('\n')}\n`);
      } finally {
        await context.close();
      }
    });
}
