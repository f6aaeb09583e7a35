import type { Command } from 'commander';
import { resolve } from 'node:path';
import { loadConfig } from '@quarry/config';
import { resolveDatabase } from '@quarry/database';
import { migrateDatabase } from '@quarry/migrations';

export function dbCommand(program: Command): void {
  program
    .command('db')
    .description('Database')
    .command('migrate')
    .description('Apply pending migrations (safe to run from several processes)')
    .action(async () => {
      const config = loadConfig();
      const database = await resolveDatabase(config.DATABASE_URL, resolve(config.QUARRY_DATA_DIR));
      try {
        const applied = await migrateDatabase(database.url);
        process.stdout.write(
          applied.length ? `Applied ${applied.join(', ')}\n` : 'Database is up to date\n',
        );
      } finally {
        await database.embedded?.stop();
      }
    });
}
