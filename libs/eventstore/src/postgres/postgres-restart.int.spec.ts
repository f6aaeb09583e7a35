import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'pg';
import { migrateDatabase } from '@quarry/migrations';
import type { RecordedEvent } from '../event-store.port';
import { EmbeddedServer } from '../../../../test/harness';
import { PostgresEventStore } from './postgres-event-store';

/**
 * A real server restart under a live subscription: this test owns an embedded
 * PostgreSQL so it can stop and start it without touching other tests.
 */
describe('PostgresEventStore across a server restart', () => {
  let server: EmbeddedServer;
  let url: string;

  beforeAll(async () => {
    server = await EmbeddedServer.create();
    url = await server.start();
    await migrateDatabase(url);
  }, 120_000);

  afterAll(async () => {
    await server?.dispose();
  });

  it('resumes a live subscription from where it was: nothing lost, nothing doubled', async () => {
    const errors: unknown[] = [];
    const store = new PostgresEventStore(
      new Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 1000 }),
      {
        pollIntervalMs: 20,
        onTransientError: (e) => errors.push(e),
      },
    );
    const received: RecordedEvent[] = [];
    const stop = new AbortController();
    const consuming = (async () => {
      for await (const message of store.subscribeToAll({ signal: stop.signal })) {
        if (message.kind === 'event') received.push(message.event);
      }
    })();
    const appendBatch = async (label: string, n: number) => {
      for (let i = 0; i < n; i += 1)
        await store.append(`${label}-${i}`, [{ type: 'Counted', data: { label, i } }], {
          expectedRevision: 'no_stream',
        });
    };
    const until = async (count: number) => {
      const deadline = Date.now() + 60_000;
      while (received.length < count) {
        if (Date.now() > deadline)
          throw new Error(`only ${received.length} of ${count} events arrived`);
        await sleep(50);
      }
    };

    await appendBatch('before', 30);
    await until(30);
    await server.stop();
    await sleep(500); // the subscription polls a dead server meanwhile
    expect(await server.start()).toBe(url);
    await appendBatch('after', 30);
    await until(60);
    await sleep(300);
    stop.abort();
    await consuming;
    await store.close();

    const ids = received.map((e) => e.id);
    expect(new Set(ids).size).toBe(60);
    expect(received.map((e) => (e.data as { label: string }).label)).toEqual([
      ...Array(30).fill('before'),
      ...Array(30).fill('after'),
    ]);
    for (let i = 1; i < received.length; i += 1)
      expect(received[i].position > received[i - 1].position).toBe(true);
    expect(errors.length).toBeGreaterThan(0);
  }, 120_000);
});
