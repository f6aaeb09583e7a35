import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { CreateApiKey, isScope, SCOPES } from '@quarry/identity';
import type { ApiKeyCreatedResult, KeyEnvironment, Scope } from '@quarry/identity';
import { waitForProjection } from '@quarry/projection-engine';
import { openCliContext } from '../cli-context';

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
          const usable = await waitForProjection(
            context.app.get(DataSource),
            'api_keys',
            key.position,
            5000,
          );
          if (options.json) {
            process.stdout.write(
              `${JSON.stringify({ key_id: key.keyId, api_key: key.secret, scopes: options.scopes, usable })}\n`,
            );
          } else {
            process.stdout.write(
              `API key ${key.keyId} (${options.scopes.join(', ')}): ${key.secret}\n(shown once; store it now)\n`,
            );
            if (!usable)
              process.stdout.write(
                'Note: no worker has applied the key yet; it works once a Quarry worker runs.\n',
              );
          }
        } finally {
          await context.close();
        }
      },
    );
}
