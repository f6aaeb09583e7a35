import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { loadConfig } from '@quarry/config';
import { PooledQueries } from '@quarry/database';
import {
  createTestDatabase,
  redisUrl,
  schemaDataSource,
  uniquePrefix,
} from '../../../../test/harness';
import type { TestDatabase } from '../../../../test/harness';
import { KeyUsage } from './key-usage';

const MINUTE = 60_000;

describe('KeyUsage (last_used_at) across instances', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let writes: number;
  let reads: PooledQueries;
  const clients: Redis[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await schemaDataSource(db.url);
    const real = PooledQueries.of(dataSource);
    // Real writes, counted.
    reads = {
      rows: (sql: string, params?: readonly unknown[]) => {
        writes += 1;
        return real.rows(sql, params);
      },
    } as PooledQueries;
  });

  beforeEach(() => {
    writes = 0;
  });

  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await dataSource.destroy();
    await db.drop();
  });

  const instance = (prefix: string, url = redisUrl()) => {
    const redis = new Redis(url, {
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      disconnectTimeout: 100,
    });
    redis.on('error', () => undefined);
    clients.push(redis);
    const config = loadConfig({ ...process.env, REDIS_URL: url, REDIS_KEY_PREFIX: prefix });
    return new KeyUsage(reads, redis, config);
  };

  async function lastUsed(keyId: string): Promise<Date | undefined> {
    const [row] = await dataSource.query<{ last_used_at: Date }[]>(
      'SELECT last_used_at FROM api_key_usage WHERE key_id = $1',
      [keyId],
    );
    return row?.last_used_at;
  }

  const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

  it('writes once per key and minute, however many instances see it used', async () => {
    const prefix = uniquePrefix('usage');
    const [a, b] = [instance(prefix), instance(prefix)];
    await new Promise((resolve) => setTimeout(resolve, 100)); // both connected
    const minute = Math.floor(Date.now() / MINUTE) * MINUTE;
    for (let i = 0; i < 20; i += 1) {
      a.record('key_a', minute + 1000 + i);
      b.record('key_a', minute + 2000 + i);
    }
    await settle();
    expect(writes).toBe(1);
    // Whichever instance won the minute wrote its first use.
    expect([minute + 1000, minute + 2000]).toContain((await lastUsed('key_a'))?.getTime());

    b.record('key_a', minute + MINUTE + 5);
    a.record('key_a', minute + MINUTE + 6);
    await settle();
    expect(writes).toBe(2);
    expect([minute + MINUTE + 5, minute + MINUTE + 6]).toContain(
      (await lastUsed('key_a'))?.getTime(),
    );
  });

  it('still records uses while Redis is unreachable (each instance once a minute)', async () => {
    const prefix = uniquePrefix('usage');
    const unreachable = 'redis://127.0.0.1:1';
    const [a, b] = [instance(prefix, unreachable), instance(prefix, unreachable)];
    const minute = Math.floor(Date.now() / MINUTE) * MINUTE;
    a.record('key_b', minute + 10);
    a.record('key_b', minute + 20);
    b.record('key_b', minute + 30);
    await settle();
    expect(writes).toBe(2);
    expect((await lastUsed('key_b'))?.getTime()).toBe(minute + 30);
  });
});
