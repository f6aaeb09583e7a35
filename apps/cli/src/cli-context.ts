import { resolve } from 'node:path';
import { ConsoleLogger, Module } from '@nestjs/common';
import type { LogLevel } from '@nestjs/common';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { loadConfig } from '@quarry/config';
import type { QuarryConfig } from '@quarry/config';
import { resolveDatabase } from '@quarry/database';
import type { ResolvedDatabase } from '@quarry/database';
import { IdentityModule } from '@quarry/identity';
import { InfrastructureModule } from '@quarry/infrastructure';
import { LedgerModule } from '@quarry/ledger';
import { migrateDatabase } from '@quarry/migrations';
import { READ_MODEL_ENTITIES } from '@quarry/projections';
import { localSecret } from '../../quarry/src/local-secrets';

@Module({})
class CliModule {}

/**
 * Warnings and errors of the CLI's Nest context go to stderr: stdout carries
 * the command's output only (JSON and CSV are parsed by scripts).
 */
class StderrLogger extends ConsoleLogger {
  constructor() {
    super('quarry', { logLevels: ['error', 'warn'] });
  }

  protected override printMessages(
    messages: unknown[],
    context?: string,
    logLevel?: LogLevel,
  ): void {
    super.printMessages(messages, context, logLevel, 'stderr');
  }
}

export interface CliContext {
  readonly config: QuarryConfig;
  readonly app: INestApplicationContext;
  close(): Promise<void>;
}

/**
 * The same database as the server in both modes: DATABASE_URL, or the
 * embedded default of the data folder (joined when `npm start` runs it).
 */
export async function openCliContext(): Promise<CliContext> {
  const config = loadConfig({
    ...process.env,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    QUARRY_ROLE: 'api',
  });
  const dataDir = resolve(config.QUARRY_DATA_DIR);
  const database: ResolvedDatabase = await resolveDatabase(config.DATABASE_URL, dataDir);
  try {
    await migrateDatabase(database.url);
    const pepper =
      config.API_KEY_PEPPER ??
      (database.embedded ? await localSecret(dataDir, 'api-key-pepper') : undefined);
    if (!pepper) throw new Error('API_KEY_PEPPER is required when DATABASE_URL is set');
    const app = await NestFactory.createApplicationContext(
      {
        module: CliModule,
        imports: [
          InfrastructureModule.forRoot({
            config,
            databaseUrl: database.url,
            readEntities: READ_MODEL_ENTITIES,
          }),
          CqrsModule.forRoot(),
          IdentityModule.forRoot({ pepper }),
          LedgerModule,
        ],
      },
      { logger: new StderrLogger() },
    );
    return {
      config,
      app,
      close: async () => {
        await app.close();
        await database.embedded?.stop();
      },
    };
  } catch (error) {
    await database.embedded?.stop();
    throw error;
  }
}
