import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { CommandBus } from '@nestjs/cqrs';
import { CreateApiKey, isScope, SCOPES } from '@quarry/identity';
import type { ApiKeyCreatedResult, KeyEnvironment, Scope } from '@quarry/identity';
import { openCliContext } from '../cli-context';
import { reportNewKey } from '../report-new-key';

const scopes = (value: string): Scope[] => {
  const list = value.split(',').map((s) => s.trim());
  const unknown = list.find((s) => !isScope(s));
  if (unknown !== undefined || list.length === 0) {
    throw new InvalidArgumentError(
      `unknown scope ${unknown ?? '(none)'}; scopes are ${SCOPES.join(', ')}`,
    );
  }
  return list as Scope[];
};

const environment = (value: string): KeyEnvironment => {
  if (value !== 'live' && value !== 'test')
    throw new InvalidArgumentError('environment must be live or test');
  return value;
};

export function keysCommand(program: Command): void {
  program
    .command('keys')
    .description('API keys')
    .command('create')
    .description('Create an API key for an organization (the secret is printed once)')
    .requiredOption('--org <id>', 'organization id (org_…)')
    .requiredOption('--scopes <list>', `comma-separated: ${SCOPES.join(', ')}`, scopes)
    .option('--name <name>', 'key name', 'CLI key')
    .option('--environment <env>', 'live or test', environment, 'live' as KeyEnvironment)
    .option('--json', 'print JSON')
    .action(
      async (options: {
        org: string;
        scopes: Scope[];
        name: string;
        environment: KeyEnvironment;
        json?: boolean;
      }) => {
        const context = await openCliContext();
        try {
          const key = await context.app.get(CommandBus).execute<CreateApiKey, ApiKeyCreatedResult>(
            new CreateApiKey(
              {
                orgId: options.org,
                name: options.name,
                scopes: options.scopes,
                environment: options.environment,
                expiresAt: null,
              },
              { actor: `operator:${process.env.USER ?? 'cli'}` },
            ),
          );
          await reportNewKey(context, key, {
            json: options.json,
            fields: { scopes: options.scopes },
            lines: [`Scopes: ${options.scopes.join(', ')}`],
          });
        } finally {
          await context.close();
        }
      },
    );
}
