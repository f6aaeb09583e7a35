import { CommandBus } from '@nestjs/cqrs';
import type { Clock } from '@quarry/clock';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { loadConfig } from '@quarry/config';
import { bootstrapOrganization, SCOPES } from '@quarry/identity';
import type { Plan, Scope } from '@quarry/identity';
import { ensureActiveBuild, waitForProjection } from '@quarry/projection-engine';
import { PROJECTIONS } from '@quarry/projections';
import { migrateDatabase } from '@quarry/migrations';
import { createQuarryApp, createQuarryProcess } from '../../apps/quarry/src/quarry-app';
import type { WorkerThread } from '../../apps/quarry/src/worker-thread';
import { createTestDatabase, redisUrl, uniquePrefix } from './test-database';
import type { TestDatabase } from './test-database';

export const TEST_PEPPER = 'test-pepper-not-a-secret-0123456789abcdef';

export interface TestQuarry {
  readonly app: NestFastifyApplication;
  /** With `workerThread`: the thread the worker runs on. */
  readonly workerThread?: WorkerThread;
  readonly url: string;
  readonly db: TestDatabase;
  /**
   * A new organization and a key with the given scopes (all by default),
   * usable at once. Enterprise by default so rate limits stay out of the way
   * of tests that are not about them.
   */
  organization(
    scopes?: readonly Scope[],
    plan?: Plan,
  ): Promise<{ orgId: string; keyId: string; key: string }>;
  close(): Promise<void>;
}

/** A whole Quarry (api + worker by default) on a database of its own, listening on a free port. */
export async function startTestQuarry(
  options: {
    role?: 'all' | 'api' | 'worker';
    env?: Record<string, string>;
    db?: TestDatabase;
    clock?: Clock;
    /** As `npm start` runs role all: the worker on a thread of its own (no test clock there). */
    workerThread?: boolean;
  } = {},
): Promise<TestQuarry> {
  const db = options.db ?? (await createTestDatabase());
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    REDIS_URL: redisUrl(),
    API_KEY_PEPPER: TEST_PEPPER,
    // Rate-limit counters of one app never meet another test's.
    REDIS_KEY_PREFIX: uniquePrefix('app'),
    ...options.env,
  };
  const config = loadConfig(env);
  await migrateDatabase(db.url, async (dataSource) => {
    for (const projection of PROJECTIONS) await ensureActiveBuild(dataSource, projection);
  });
  const quarryOptions = {
    config,
    databaseUrl: db.url,
    pepper: TEST_PEPPER,
    role: options.role ?? 'all',
    clock: options.clock,
  };
  const { app, close, workerThread } = options.workerThread
    ? await createQuarryProcess({ ...quarryOptions, env })
    : await createQuarryApp(quarryOptions).then((one) => ({
        app: one,
        close: () => one.close(),
        workerThread: undefined,
      }));
  const dataSource = app.get(DataSource);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    app,
    workerThread,
    url,
    db,
    async organization(scopes = SCOPES, plan: Plan = 'enterprise') {
      const key = await bootstrapOrganization(
        app.get(CommandBus),
        { name: 'Test org', plan, keyName: 'test', scopes },
        { actor: 'operator:test' },
      );
      // The guard reads the key with its organization's plan and status: both must be projected.
      const caughtUp = await Promise.all([
        waitForProjection(dataSource, 'api_keys', key.position, 15_000),
        waitForProjection(dataSource, 'organizations', key.orgPosition, 15_000),
      ]);
      if (!caughtUp.every(Boolean)) throw new Error('projections did not catch up');
      return { orgId: key.orgId, keyId: key.keyId, key: key.secret };
    },
    async close() {
      await close();
      if (!options.db) await db.drop();
    },
  };
}
