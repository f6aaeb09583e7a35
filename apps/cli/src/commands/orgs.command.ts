import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { bootstrapOrganization, PLANS } from '@quarry/identity';
import type { Plan } from '@quarry/identity';
import { waitForProjection } from '@quarry/projection-engine';
import { openCliContext } from '../cli-context';

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
        const usable = await waitForProjection(
          context.app.get(DataSource),
          'api_keys',
          key.position,
          5000,
        );
        if (options.json) {
          process.stdout.write(
            `${JSON.stringify({ org_id: key.orgId, key_id: key.keyId, api_key: key.secret, usable })}\n`,
          );
        } else {
          process.stdout.write(
            `Organization ${key.orgId} (${options.plan})\nAPI key ${key.keyId}: ${key.secret}\n(shown once; store it now)\n`,
          );
          if (!usable)
            process.stdout.write(
              'Note: no worker has applied the key yet; it works once a Quarry worker runs.\n',
            );
        }
      } finally {
        await context.close();
      }
    });
}
