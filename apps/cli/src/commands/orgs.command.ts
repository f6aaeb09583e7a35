import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { CommandBus } from '@nestjs/cqrs';
import { bootstrapOrganization, PLANS } from '@quarry/identity';
import type { Plan } from '@quarry/identity';
import { openCliContext } from '../cli-context';
import { reportNewKey } from '../report-new-key';

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
    .option('--json', 'print JSON')
    .action(async (options: { name: string; plan: Plan; json?: boolean }) => {
      const context = await openCliContext();
      try {
        const key = await bootstrapOrganization(
          context.app.get(CommandBus),
          { name: options.name, plan: options.plan },
          { actor: `operator:${process.env.USER ?? 'cli'}` },
        );
        await reportNewKey(context, key, {
          json: options.json,
          fields: { org_id: key.orgId },
          lines: [`Organization ${key.orgId} (${options.plan})`],
        });
      } finally {
        await context.close();
      }
    });
}
