/**
 * Where a projection rebuild spends its time: counting, reading pages (server
 * and wire vs row parsing), writing batches (the audit projection's INSERT …
 * unnest vs the same rows as one JSON document or through COPY), and whole
 * rebuilds, including one that writes nothing, at several page/batch sizes.
 * A diagnostic companion to rebuild.bench.ts, not a pass/fail benchmark.
 *
 *   node -r @swc-node/register bench/rebuild-profile.ts    BENCH_EVENTS=1000000
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import type { Connection, PoolClient, Submittable } from 'pg';
import type { DataSource } from 'typeorm';
import type { RecordedEvent } from '@quarry/eventstore';
import { PostgresEventStore } from '@quarry/eventstore';
import type { ProjectionDefinition } from '@quarry/projection-engine';
import { auditEventsProjection } from '@quarry/projections';
import type { BenchDatabase } from './support';
import { benchDataSource, envNumber, log, withBenchDatabase } from './support';
import { COPY_FROM_LOG, seedEvents, waitForReadBound } from './synthetic-log';
import { timedRebuild } from './timed-rebuild';

const EVENTS = Math.floor(envNumber('BENCH_EVENTS', 1_000_000));
/** Events held in memory for the write-only runs. */
const WRITE_SAMPLE = Math.min(EVENTS, 200_000);

/**
 * The audit projection with its batch sent as one JSON document instead of
 * eight arrays: one JSON.stringify in the client, one json parse on the
 * server, no array-literal escaping on either side.
 */
const auditEventsJsonProjection: ProjectionDefinition = {
  ...auditEventsProjection,
  name: 'audit_events_json',
  async apply(events, { manager, table }) {
    await manager.query(
      `INSERT INTO ${table('audit_events')} (position, event_id, stream_id, revision, type, data, metadata, created_at, org_id)
       SELECT *, d->>'orgId' FROM json_to_recordset($1::json) AS x(p bigint, i uuid, s text, r bigint, t text, d jsonb, m jsonb, c timestamptz)`,
      [
        JSON.stringify(
          events.map((e) => ({
            p: e.position.toString(),
            i: e.id,
            s: e.streamId,
            r: e.revision.toString(),
            t: e.type,
            d: e.data,
            m: e.metadata,
            c: e.createdAt,
          })),
        ),
      ],
    );
  },
};

/** The parts of pg's connection a COPY … FROM STDIN needs (pg-copy-streams is not a dependency). */
interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/** A minimal COPY … FROM STDIN for node-postgres: sends one prepared text-format payload. */
class CopyIn implements Submittable {
  readonly done: Promise<void>;
  private settle!: (error?: Error) => void;
  private error?: Error;

  constructor(
    private readonly sql: string,
    private readonly payload: string,
  ) {
    this.done = new Promise((resolve, reject) => {
      this.settle = (error) => (error ? reject(error) : resolve());
    });
  }

  submit(connection: Connection): void {
    (connection as unknown as CopyConnection).query(this.sql);
  }

  handleCopyInResponse(connection: Connection): void {
    const copy = connection as unknown as CopyConnection;
    copy.sendCopyFromChunk(Buffer.from(this.payload));
    copy.endCopyFrom();
  }

  handleCommandComplete(): void {}

  handleError(error: Error): void {
    this.error = error;
  }

  handleReadyForQuery(): void {
    this.settle(this.error);
  }
}

/** COPY text format: backslash, tab and line breaks are escaped; JSON.stringify leaves only backslashes. */
const copyText = (value: string) =>
  /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]) : value;
const COPY_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
};

/** What `data->>'orgId'` yields, computed in the client. */
function orgIdOf(data: unknown): string {
  const value =
    typeof data === 'object' && data !== null ? (data as Record<string, unknown>).orgId : undefined;
  if (value === undefined || value === null) return '\\N';
  return copyText(typeof value === 'string' ? value : JSON.stringify(value));
}

/** The audit projection written with COPY: no parameters to escape or parse, only jsonb input. */
const auditEventsCopyProjection: ProjectionDefinition = {
  ...auditEventsProjection,
  name: 'audit_events_copy',
  async apply(events, { manager, table }) {
    const lines = events.map(
      (e) =>
        `${e.position}\t${e.id}\t${copyText(e.streamId)}\t${e.revision}\t${orgIdOf(e.data)}\t${copyText(e.type)}\t` +
        `${copyText(JSON.stringify(e.data))}\t${copyText(JSON.stringify(e.metadata))}\t${e.createdAt.toISOString()}\n`,
    );
    // The batch transaction's own connection: the COPY commits with the checkpoint.
    const client = (await manager.queryRunner!.connect()) as PoolClient;
    const copy = client.query(
      new CopyIn(
        `COPY ${table('audit_events')} (position, event_id, stream_id, revision, org_id, type, data, metadata, created_at) FROM STDIN`,
        lines.join(''),
      ),
    );
    await copy.done;
  },
};

/** Writes nothing: what reading, batching and checkpointing cost on their own. */
const noopProjection: ProjectionDefinition = {
  ...auditEventsProjection,
  name: 'audit_events_noop',
  apply: () => Promise.resolve(),
};

const rate = (n: number, ms: number) =>
  `${((n / ms) * 1000).toFixed(0).padStart(7)} events/s (${(ms / 1000).toFixed(2)} s)`;

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await run();
  return [result, performance.now() - started];
}

/** CPU seconds (user + system) of this database's backends, when the server runs on this machine. */
async function serverCpuSeconds(pool: Pool, database: string): Promise<number | undefined> {
  const { rows } = await pool.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = $1',
    [database],
  );
  let ticks = 0;
  try {
    for (const { pid } of rows) {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    }
  } catch {
    return undefined;
  }
  return ticks / 100;
}

/** Reads the whole log page by page, the way a subscription does. */
async function readAllPages(
  store: PostgresEventStore,
  pageSize: number,
  keep = 0,
): Promise<RecordedEvent[]> {
  const kept: RecordedEvent[] = [];
  let from = -1n;
  for (;;) {
    const page = await store.readAll({ fromPosition: from, maxCount: pageSize });
    if (kept.length < keep) kept.push(...page.events.slice(0, keep - kept.length));
    from = page.position;
    if (page.isEnd || (keep > 0 && kept.length >= keep)) return kept;
  }
}

/** The adapter's page query on a pool whose type parsers return the wire text: server + wire cost only. */
async function readRawPages(pool: Pool, pageSize: number): Promise<number> {
  let from = '-1';
  let n = 0;
  for (;;) {
    const { rows } = await pool.query<{ position: string }>(
      `SELECT position, event_id, stream_id, revision, type, data, metadata, created_at FROM events
        WHERE position > $1 AND position < (pg_snapshot_xmin(pg_current_snapshot())::text::bigint << 20)
        ORDER BY position LIMIT $2`,
      [from, pageSize],
    );
    n += rows.length;
    if (rows.length < pageSize) return n;
    from = rows[rows.length - 1].position;
  }
}

async function freshTable(pool: Pool, schema: string): Promise<string> {
  await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await pool.query(`CREATE SCHEMA ${schema}`);
  for (const statement of auditEventsProjection.createTables(schema)) await pool.query(statement);
  return `${schema}.audit_events`;
}

async function profileWrites(
  dataSource: DataSource,
  pool: Pool,
  sample: RecordedEvent[],
): Promise<void> {
  for (const definition of [
    auditEventsProjection,
    auditEventsJsonProjection,
    auditEventsCopyProjection,
  ]) {
    for (const batchSize of [1000, 2000, 5000]) {
      const target = await freshTable(pool, 'prof_w');
      const cpuBefore = process.cpuUsage();
      const [, ms] = await timed(async () => {
        for (let i = 0; i < sample.length; i += batchSize) {
          const batch = sample.slice(i, i + batchSize);
          await dataSource.transaction((manager) =>
            definition.apply(batch, { manager, table: () => target }),
          );
        }
      });
      const cpu = process.cpuUsage(cpuBefore);
      // Every variant must write exactly what the server-side copy of the log would.
      const { rows } = await pool.query<{ same: number }>(
        `SELECT count(*)::int AS same FROM ${target} a JOIN events e USING (position)
          WHERE (a.event_id, a.stream_id, a.revision, a.type, a.data, a.metadata, a.created_at)
              = (e.event_id, e.stream_id, e.revision, e.type, e.data, e.metadata, e.created_at)
            AND a.org_id IS NOT DISTINCT FROM e.data->>'orgId'`,
      );
      if (rows[0].same !== sample.length)
        throw new Error(
          `${definition.name} wrote ${rows[0].same} matching rows of ${sample.length}`,
        );
      log(
        `write ${definition.name} apply() batch ${String(batchSize).padStart(5)}: ${rate(sample.length, ms)}, ` +
          `node CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s`,
      );
    }
  }
  // The serializing half of apply() alone: what the INSERT's parameters cost to build.
  const [, serializeMs] = await timed(async () => {
    for (let i = 0; i < sample.length; i += 2000) {
      const batch = sample.slice(i, i + 2000);
      [
        batch.map((e) => e.position.toString()),
        batch.map((e) => e.id),
        batch.map((e) => e.streamId),
        batch.map((e) => e.revision.toString()),
        batch.map((e) => e.type),
        batch.map((e) => JSON.stringify(e.data)),
        batch.map((e) => JSON.stringify(e.metadata)),
        batch.map((e) => e.createdAt.toISOString()),
      ].forEach((column) => column.length);
      await Promise.resolve();
    }
  });
  log(`write serialize only (JS)  : ${rate(sample.length, serializeMs)}`);
  // The same rows copied on the server from the log: the INSERT's own cost without client or wire.
  const target = await freshTable(pool, 'prof_ws');
  const last = sample[sample.length - 1].position.toString();
  const [, serverMs] = await timed(() =>
    pool.query(`${COPY_FROM_LOG(target)} WHERE position <= $1`, [last]),
  );
  log(`write server-side INSERT…SELECT of the same rows: ${rate(sample.length, serverMs)}`);
  for (const schema of ['prof_w', 'prof_ws']) await pool.query(`DROP SCHEMA ${schema} CASCADE`);
}

async function profileRebuilds(
  db: BenchDatabase,
  dataSource: DataSource,
  pool: Pool,
): Promise<void> {
  const variants: [ProjectionDefinition, readBatchSize: number, batchSize: number][] = [
    [noopProjection, 1000, 2000],
    [noopProjection, 5000, 5000],
    [auditEventsProjection, 1000, 2000],
    [auditEventsProjection, 5000, 5000],
    [auditEventsJsonProjection, 1000, 2000],
    [auditEventsJsonProjection, 2000, 2000],
    [auditEventsCopyProjection, 1000, 2000],
    [auditEventsCopyProjection, 5000, 5000],
  ];
  for (const [definition, readBatchSize, batchSize] of variants) {
    const store = new PostgresEventStore(new Pool({ connectionString: db.url, max: 4 }), {
      readBatchSize,
    });
    try {
      await pool.query('CHECKPOINT');
      await waitForReadBound(pool);
      const cpuBefore = process.cpuUsage();
      const serverBefore = await serverCpuSeconds(pool, db.name);
      const [result, ms] = await timed(() =>
        timedRebuild(dataSource, store, definition, { batchSize }),
      );
      const cpu = process.cpuUsage(cpuBefore);
      const serverAfter = await serverCpuSeconds(pool, db.name);
      const server =
        serverBefore === undefined || serverAfter === undefined
          ? '?'
          : (serverAfter - serverBefore).toFixed(1);
      log(
        `rebuild ${definition.name} readBatchSize ${String(readBatchSize).padStart(5)} batchSize ${String(batchSize).padStart(5)}: ${rate(result.applied, ms)}, ` +
          `${result.batches} batches (~${(result.applied / Math.max(result.batches, 1)).toFixed(0)} events each), ` +
          `CPU node ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, postgres ${server} s`,
      );
    } finally {
      await store.close();
    }
  }
}

async function run(db: BenchDatabase): Promise<void> {
  const pool = new Pool({ connectionString: db.url, max: 2 });
  const rawPool = new Pool({
    connectionString: db.url,
    max: 1,
    types: { getTypeParser: () => (text: string) => text },
  });
  const store = new PostgresEventStore(new Pool({ connectionString: db.url, max: 2 }));
  const dataSource = benchDataSource(db.url);
  try {
    await seedEvents(pool, EVENTS);
    await waitForReadBound(pool);
    await dataSource.initialize();

    const [, countMs] = await timed(async () =>
      store.countEvents({ toPosition: await store.headPosition() }),
    );
    log(`countEvents(head): ${(countMs / 1000).toFixed(2)} s`);

    const { rows: plan } = await pool.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS) SELECT position, event_id, stream_id, revision, type, data, metadata, created_at FROM events
        WHERE position > (SELECT position FROM events ORDER BY position OFFSET $1 LIMIT 1) ORDER BY position LIMIT 1000`,
      [Math.floor(EVENTS / 2)],
    );
    log(`one page of 1000 mid-log:\n  ${plan.map((r) => r['QUERY PLAN']).join('\n  ')}`);

    for (const pageSize of [1000, 5000]) {
      const [n, rawMs] = await timed(() => readRawPages(rawPool, pageSize));
      log(`read page ${String(pageSize).padStart(5)} raw text (server + wire): ${rate(n, rawMs)}`);
      const [, parsedMs] = await timed(() => readAllPages(store, pageSize));
      log(
        `read page ${String(pageSize).padStart(5)} store.readAll (+ parsing): ${rate(EVENTS, parsedMs)}`,
      );
    }

    // The same pages as an async iterable of single events, as the rebuild consumes them.
    const [, subscribeMs] = await timed(async () => {
      for await (const message of store.subscribeToAll()) if (message.kind === 'caught_up') break;
    });
    log(`read subscribeToAll (page 1000, one event per iteration): ${rate(EVENTS, subscribeMs)}`);

    const sample = await readAllPages(store, 5000, WRITE_SAMPLE);
    await profileWrites(dataSource, pool, sample);
    await profileRebuilds(db, dataSource, pool);
  } finally {
    await store.close();
    if (dataSource.isInitialized) await dataSource.destroy();
    await rawPool.end();
    await pool.end();
  }
}

withBenchDatabase(run).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
