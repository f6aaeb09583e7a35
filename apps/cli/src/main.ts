import 'reflect-metadata';
import { Command } from 'commander';
import { ConfigError } from '@quarry/config';
import { dbCommand } from './commands/db.command';
import { extractCommand } from './commands/extract.command';
import { keysCommand } from './commands/keys.command';
import { ledgerCommand } from './commands/ledger.command';
import { orgsCommand } from './commands/orgs.command';
import { projectionsCommand } from './commands/projections.command';

const program = new Command('quarry').description(
  'Quarry operations: organizations, API keys, credit ledgers, projections, database',
);
dbCommand(program);
orgsCommand(program);
keysCommand(program);
projectionsCommand(program);
ledgerCommand(program);
extractCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
