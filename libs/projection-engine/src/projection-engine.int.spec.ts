import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { PostgresEventStore } from '@quarry/eventstore';
import type { RecordedEvent } from '@quarry/eventstore';
import { createTestDatabase, schemaDataSource, type TestDatabase } from '../../../test/harness';
import type { ProjectionDefinition } from './projection';
import type { CheckpointNotice } from './wait-for-projection';
import {
  rebuildIfOutdated,
  rebuildProjection,
  RebuildAlreadyRunningError,
} from './projection-rebuild';
import { ProjectionRunner } from './projection-runner';
import { projectionStatus } from './projection-status';

/** A projection counting events per stream, with a switch to make it fail on one event. */
function counterProjection(
  name: string,
  prefix: string,
  hooks: { failOn?: string; beforeApply?: () => Promise<void> } = {},
) {
  const definition: ProjectionDefinition = {
    name,
    version: 1,
    description: 'test counter',
    filter: { streamPrefixes: [prefix] },
    tables: [name],
    createTables: (schema) => [
      `CREATE TABLE ${schema}.${name} (stream_id text PRIMARY KEY, events int NOT NULL, last_type text NOT NULL)`,
    ],
    async apply(events: readonly RecordedEvent[], { manager, table }) {
      for (const event of events) {
        if (hooks.failOn && (event.data as { tag?: string }).tag === hooks.failOn) {
          throw new Error(`cannot project tag ${hooks.failOn}`);
        }
        await manager.query(
          `INSERT INTO ${table(name)} (stream_id, events, last_type) VALUES ($1, 1, $2)
           ON CONFLICT (stream_id) DO UPDATE SET events = ${table(name)}.events + 1, last_type = $2`,
          [event.streamId, event.type],
        );
      }
      await hooks.beforeApply?.();
    },
  };
  return definition;
}

describe('projection engine', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await schemaDataSource(db.url, 10);
    store = new PostgresEventStore(new Pool({ connectionString: db.url, max: 10 }), {
      pollIntervalMs: 20,
    });
  });

  afterAll(async () => {
    await store.close();
    await dataSource.destroy();
    await db.drop();
  });

  const unique = () => `p${randomUUID().replace(/-/g, '').slice(0, 10)}`;
  const countRows = async (view: string) =>
    (
      await dataSource.query<{ stream_id: string; events: number }[]>(
        `SELECT * FROM public."${view}" ORDER BY stream_id`,
      )
    ).map((r) => [r.stream_id, r.events]);
  const checkpoint = async (name: string) =>
    (
      await dataSource.query<{ position: string; generation: number; last_error: string | null }[]>(
        `SELECT position, generation, last_error FROM projection_builds WHERE name = $1 AND state = 'active'`,
        [name],
      )
    )[0];
  async function until(condition: () => Promise<boolean>, timeoutMs = 15_000) {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error('condition not reached in time');
      await sleep(20);
    }
  }
  async function appendMany(prefix: string, streams: number, perStream: number, tag = 'ok') {
    let last = 0n;
    for (let s = 0; s < streams; s += 1) {
      const events = Array.from({ length: perStream }, (_, i) => ({
        type: `E${i}`,
        data: { tag },
      }));
      last = (await store.append(`${prefix}-${s}`, events, { expectedRevision: 'any' })).position;
    }
    return last;
  }

  it('applies events in batches and stores the checkpoint with them', async () => {
    const name = unique();
    const definition = counterProjection(name, name);
    await appendMany(name, 30, 4);
    const batches: number[] = [];
    const notices: CheckpointNotice[] = [];
    const runner = new ProjectionRunner(definition, dataSource, store, {
      batchSize: 50,
      onBatch: (_n, count) => batches.push(count),
      onCheckpoint: (notice) => notices.push(notice),
    });
    const stop = new AbortController();
    const running = runner.run(stop.signal);
    const last = await appendMany(`${name}-live`, 1, 1, 'live');
    await until(async () => BigInt((await checkpoint(name))?.position ?? -1) >= last);
    stop.abort();
    await running;
    const rows = await countRows(name);
    expect(rows).toHaveLength(31);
    expect(rows.reduce((sum, [, n]) => sum + Number(n), 0)).toBe(121);
    expect(Math.max(...batches)).toBeGreaterThan(1);
    expect(Math.max(...batches)).toBeLessThanOrEqual(50);
    // Each committed move is told (to waiters on other threads), in order, up to the stored one.
    const told = notices.map((n) => n.position);
    expect(told).toEqual([...told].sort((a, b) => (a < b ? -1 : 1)));
    expect(notices.at(-1)).toEqual({
      projection: name,
      position: BigInt((await checkpoint(name)).position),
    });
  });

  it('stalls visibly on a failing event, applies nothing after it, and resumes without skipping once fixed', async () => {
    const name = unique();
    const hooks: { failOn?: string } = { failOn: 'poison' };
    const definition = counterProjection(name, name, hooks);
    await appendMany(name, 3, 2);
    const poison = await store.append(
      `${name}-poison`,
      [{ type: 'Bad', data: { tag: 'poison' } }],
      { expectedRevision: 'no_stream' },
    );
    await appendMany(`${name}-after`, 2, 1);
    const errors: unknown[] = [];
    const runner = new ProjectionRunner(definition, dataSource, store, {
      retryDelayMs: () => 50,
      onError: (_n, e) => errors.push(e),
    });
    const stop = new AbortController();
    const running = runner.run(stop.signal);

    await until(
      async () =>
        (await checkpoint(name))?.last_error?.includes(`position ${poison.position}`) ?? false,
    );
    const status = await projectionStatus(dataSource, store, definition);
    expect(status.state).toBe('stalled');
    expect(status.lastError).toContain('cannot project tag poison');
    expect(status.lastError).toContain(`stream ${name}-poison`);
    expect(status.lagEvents).toBe(3);
    expect(BigInt(status.position!)).toBeLessThan(poison.position);
    expect(await countRows(name)).toHaveLength(3);

    hooks.failOn = undefined;
    await until(async () => (await countRows(name)).length === 6);
    const after = await projectionStatus(dataSource, store, definition);
    expect(after.state).toBe('running');
    expect(after.lastError).toBeNull();
    expect(after.lagEvents).toBe(0);
    stop.abort();
    await running;
    expect(errors.length).toBeGreaterThan(0);
  });

  it('lets only one runner work on a projection; the second waits and takes over', async () => {
    const name = unique();
    const definition = counterProjection(name, name);
    const first = new ProjectionRunner(definition, dataSource, store);
    const second = new ProjectionRunner(definition, dataSource, store);
    const stopFirst = new AbortController();
    const stopSecond = new AbortController();
    const runningFirst = first.run(stopFirst.signal);
    await until(() => Promise.resolve(first.state === 'running'));
    const runningSecond = second.run(stopSecond.signal);
    await sleep(300);
    expect(second.state).toBe('waiting_for_lock');
    const last = await appendMany(name, 2, 2);
    await until(async () => BigInt((await checkpoint(name)).position) >= last);

    stopFirst.abort();
    await runningFirst;
    await until(() => Promise.resolve(second.state === 'running'), 5000);
    const more = await appendMany(`${name}-more`, 1, 1);
    await until(async () => BigInt((await checkpoint(name)).position) >= more);
    stopSecond.abort();
    await runningSecond;
    expect(await countRows(name)).toEqual([
      [`${name}-0`, 2],
      [`${name}-1`, 2],
      [`${name}-more-0`, 1],
    ]);
  });

  it('queues for the lock again when the connection holding it dies, and goes on', async () => {
    const name = unique();
    const definition = counterProjection(name, name);
    const runner = new ProjectionRunner(definition, dataSource, store, { heartbeatMs: 50 });
    const stop = new AbortController();
    const running = runner.run(stop.signal);
    await until(() => Promise.resolve(runner.state === 'running'));
    const holders = () =>
      dataSource.query<{ pid: number }[]>(
        `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = $1::oid AND objid = hashtext($2)::oid`,
        [0x51520001, name],
      );
    const [{ pid }] = await holders();
    await dataSource.query('SELECT pg_terminate_backend($1)', [pid]);
    await until(async () => {
      const now = await holders();
      return now.length === 1 && now[0].pid !== pid;
    });
    const last = await appendMany(name, 3, 1);
    await until(async () => BigInt((await checkpoint(name)).position) >= last);
    expect(await countRows(name)).toHaveLength(3);
    stop.abort();
    await running;
  });

  it('finishes the batch in flight on shutdown and never commits part of one', async () => {
    const name = unique();
    let release!: () => void;
    let entered!: () => void;
    const inApply = new Promise<void>((resolve) => (entered = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    const definition = counterProjection(name, name, {
      beforeApply: async () => {
        entered();
        await gate;
      },
    });
    const last = await appendMany(name, 10, 1);
    const stop = new AbortController();
    const runner = new ProjectionRunner(definition, dataSource, store, { batchSize: 100 });
    const running = runner.run(stop.signal);
    await inApply;
    stop.abort(); // SIGTERM arrives while the batch is being applied
    expect(await countRows(name)).toEqual([]); // nothing visible before the batch commits
    release();
    await running;
    expect((await countRows(name)).length).toBe(10);
    expect(BigInt((await checkpoint(name)).position)).toBeGreaterThanOrEqual(last);
  });

  it('rolls back a batch whose apply fails half way: rows and checkpoint stay together', async () => {
    const name = unique();
    const hooks: { failOn?: string } = { failOn: 'second' };
    const definition = counterProjection(name, name, hooks);
    await store.append(
      `${name}-1`,
      [
        { type: 'A', data: { tag: 'first' } },
        { type: 'B', data: { tag: 'second' } },
      ],
      {
        expectedRevision: 'no_stream',
      },
    );
    const stop = new AbortController();
    const runner = new ProjectionRunner(definition, dataSource, store, {
      retryDelayMs: () => 20,
      batchSize: 10,
    });
    const running = runner.run(stop.signal);
    await until(
      async () =>
        (await checkpoint(name))?.last_error !== null && (await checkpoint(name)) !== undefined,
    );
    // The first event of the failing batch is applied alone once the bad one is pinpointed, never twice.
    await until(async () => (await countRows(name)).length === 1);
    await sleep(200);
    expect(await countRows(name)).toEqual([[`${name}-1`, 1]]);
    stop.abort();
    await running;
  });

  it('rebuilds blue/green while readers keep reading the old generation, then switches and drops it', async () => {
    const name = unique();
    const definition = counterProjection(name, name);
    await appendMany(name, 50, 20);
    const stopLive = new AbortController();
    const live = new ProjectionRunner(definition, dataSource, store, { batchSize: 100 });
    const runningLive = live.run(stopLive.signal);
    const head = await store.headPosition();
    await until(async () => BigInt((await checkpoint(name))?.position ?? -1) >= head);
    const before = await countRows(name);
    const oldGeneration = (await checkpoint(name)).generation;

    // Readers and writers keep going during the rebuild.
    let reading = true;
    const reads: number[] = [];
    const reader = (async () => {
      while (reading) {
        const rows = await countRows(name);
        reads.push(rows.length);
        await sleep(5);
      }
    })();
    const writer = (async () => {
      for (let i = 0; i < 20; i += 1) {
        await store.append(`${name}-during-${i}`, [{ type: 'D', data: { tag: 'during' } }], {
          expectedRevision: 'no_stream',
        });
        await sleep(5);
      }
    })();
    const progress: number[] = [];
    const result = await rebuildProjection(dataSource, store, definition, {
      batchSize: 100,
      onProgress: (p) => progress.push(p.applied),
    });
    await writer;
    reading = false;
    await reader;

    expect(result.generation).toBe(oldGeneration + 1);
    expect(result.applied).toBeGreaterThanOrEqual(1000);
    expect(progress.length).toBeGreaterThan(1);
    expect(reads.every((n) => n >= before.length)).toBe(true);
    const [{ exists }] = await dataSource.query<{ exists: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS exists`,
      [`proj_${name}_g${oldGeneration}`],
    );
    expect(exists).toBe(false);

    // The live runner follows the new generation; the result equals a fresh live build.
    const tail = await store.append(`${name}-after`, [{ type: 'A', data: { tag: 'after' } }], {
      expectedRevision: 'no_stream',
    });
    await until(async () => {
      const cp = await checkpoint(name);
      return cp.generation === result.generation && BigInt(cp.position) >= tail.position;
    });
    const rows = await countRows(name);
    expect(rows).toHaveLength(50 + 20 + 1);
    expect(rows.filter(([id]) => String(id).includes('-during-'))).toHaveLength(20);
    expect(rows.reduce((sum, [, n]) => sum + Number(n), 0)).toBe(1000 + 20 + 1);
    stopLive.abort();
    await runningLive;
  });

  it('finishes a rebuild whose target an old open transaction held back, and on an idle log', async () => {
    const name = unique();
    const definition = counterProjection(name, name);
    const blocker = dataSource.createQueryRunner();
    await blocker.connect();
    await blocker.startTransaction();
    await blocker.query('SELECT pg_current_xact_id()'); // an xid older than the events below
    await appendMany(name, 5, 2);
    const rebuilt = rebuildProjection(dataSource, store, definition);
    await sleep(300);
    await blocker.commitTransaction();
    await blocker.release();
    const result = await rebuilt;
    expect(result.applied).toBe(10);
    expect(await countRows(name)).toHaveLength(5);
  });

  it('rebuilds by itself, blue/green, when a deploy bumps the projection version', async () => {
    const name = unique();
    const v1 = counterProjection(name, name);
    await appendMany(name, 3, 2);
    await rebuildProjection(dataSource, store, v1);
    expect(await rebuildIfOutdated(dataSource, store, v1)).toBeNull();

    // Version 2 adds a column: the old tables cannot hold it, a new generation can.
    const v2: ProjectionDefinition = {
      ...v1,
      version: 2,
      createTables: (schema) => [
        `CREATE TABLE ${schema}.${name} (stream_id text PRIMARY KEY, events int NOT NULL, last_type text NOT NULL, doubled int NOT NULL)`,
      ],
      async apply(events, { manager, table }) {
        for (const event of events) {
          await manager.query(
            `INSERT INTO ${table(name)} (stream_id, events, last_type, doubled) VALUES ($1, 1, $2, 2)
             ON CONFLICT (stream_id) DO UPDATE SET events = ${table(name)}.events + 1, doubled = ${table(name)}.doubled + 2`,
            [event.streamId, event.type],
          );
        }
      },
    };
    const result = await rebuildIfOutdated(dataSource, store, v2);
    expect(result?.applied).toBe(6);
    const rows = await dataSource.query<{ doubled: number }[]>(
      `SELECT doubled FROM public."${name}"`,
    );
    expect(rows.map((r) => r.doubled)).toEqual([4, 4, 4]);
    const [build] = await dataSource.query<{ version: number }[]>(
      `SELECT version FROM projection_builds WHERE name = $1 AND state = 'active'`,
      [name],
    );
    expect(build.version).toBe(2);
    expect(await rebuildIfOutdated(dataSource, store, v2)).toBeNull();
  });

  it('refuses a second concurrent rebuild of the same projection', async () => {
    const name = unique();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const definition = counterProjection(name, name, { beforeApply: () => gate });
    await appendMany(name, 2, 1);
    const first = rebuildProjection(dataSource, store, definition);
    await until(
      async () =>
        (
          await dataSource.query(
            `SELECT 1 FROM projection_builds WHERE name = $1 AND state = 'building'`,
            [name],
          )
        ).length === 1,
    );
    await expect(rebuildProjection(dataSource, store, definition)).rejects.toBeInstanceOf(
      RebuildAlreadyRunningError,
    );
    release();
    await first;
  });
});
