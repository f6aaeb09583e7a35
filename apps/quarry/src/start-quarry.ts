import { resolve } from 'node:path';
import { Logger } from 'nestjs-pino';
import { ConfigError, loadConfig } from '@quarry/config';
import type { QuarryConfig } from '@quarry/config';
import { resolveDatabase } from '@quarry/database';
import { migrateDatabase } from '@quarry/migrations';
import { ensureActiveBuild } from '@quarry/projection-engine';
import { PROJECTIONS } from '@quarry/projections';
import { ensureDemoOrganization } from './demo-organization';
import { localSecret } from './local-secrets';
import { createQuarryProcess } from './quarry-app';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function readConfig(role?: QuarryConfig['QUARRY_ROLE']): QuarryConfig {
  try {
    const config = loadConfig(role ? { ...process.env, QUARRY_ROLE: role } : process.env);
    return config;
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
}

/**
 * Starts Quarry in the given role. Without DATABASE_URL it runs on the
 * embedded PostgreSQL of QUARRY_DATA_DIR and bootstraps a demo organization.
 */
export async function startQuarry(role?: QuarryConfig['QUARRY_ROLE']): Promise<void> {
  const config = readConfig(role);
  const dataDir = resolve(config.QUARRY_DATA_DIR);
  if (!config.DATABASE_URL && !config.API_KEY_PEPPER && config.NODE_ENV === 'production') {
    fail('Invalid configuration:\n  - API_KEY_PEPPER (unset): required in production');
  }
  const database = await resolveDatabase(config.DATABASE_URL, dataDir);
  const pepper =
    config.API_KEY_PEPPER ??
    (database.embedded
      ? await localSecret(dataDir, 'api-key-pepper')
      : fail(
          'Invalid configuration:\n  - API_KEY_PEPPER (unset): required when DATABASE_URL is set',
        ));
  // Migrations and projection views exist before anything serves or runs.
  await migrateDatabase(database.url, async (dataSource) => {
    for (const projection of PROJECTIONS) await ensureActiveBuild(dataSource, projection);
  });

  const env = role ? { ...process.env, QUARRY_ROLE: role } : process.env;
  const quarry = await createQuarryProcess({
    config,
    env,
    databaseUrl: database.url,
    pepper,
    role: config.QUARRY_ROLE,
  });
  const { app } = quarry;
  const logger = app.get(Logger);
  await app.listen(config.PORT, config.HOST);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const base =
    config.PUBLIC_BASE_URL ??
    `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}`;

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.log(`${signal}: finishing in-flight work`);
    const force = setTimeout(() => {
      logger.error('shutdown timed out; exiting');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    force.unref();
    await quarry.close();
    await database.embedded?.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  // Half a Quarry (an API whose jobs nobody runs) must not look healthy: a supervisor restarts it.
  void quarry.workerThread?.exited.then((code) => {
    if (shuttingDown) return;
    logger.error(`worker thread stopped (exit code ${code}); exiting`);
    process.exit(1);
  });

  const lines = [
    `Quarry (${config.QUARRY_ROLE}) is up`,
    `  API:   ${base}/v1`,
    `  Docs:  ${base}/docs`,
    `  Ready: ${base}/health/ready`,
  ];
  if (database.embedded && config.QUARRY_ROLE !== 'api') {
    const key = await ensureDemoOrganization(app, dataDir);
    lines.push(
      `  Data:  ${dataDir} (embedded PostgreSQL on port ${database.embedded.port})`,
      `  API key (demo organization, every scope): ${key}`,
    );
    lines.push(`  Try:   curl -H "Authorization: Bearer ${key}" ${base}/v1/admin/projections`);
  }
  process.stdout.write(`\n${lines.join('\n')}\n\n`);
}
