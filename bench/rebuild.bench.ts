/**
 * Rebuild speed of the audit_events projection over a synthetic log, against
 * the same copy done server-side by one INSERT … SELECT.
 *
 *   npm run bench:rebuild    BENCH_EVENTS=1000000 BENCH_BATCH_SIZE=2000 BENCH_STALL_SECONDS=30
 */
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { PostgresEventStore } from '@quarry/eventstore';
import { auditEventsProjection } from '@quarry/projections';
import type { BenchDatabase } from './support';
import { benchDataSource, envNumber, log, round, withBenchDatabase } from './support';
import { COPY_FROM_LOG, EVENTS_PER_STREAM, seedEvents, waitForReadBound } from './synthetic-log';
import { timedRebuild } from './timed-rebuild';

const EVENTS = Math.floor(envNumber('BENCH_EVENTS', 1_000_000));
/** Events per projection transaction. */
const BATCH_SIZE = Math.floor(envNumber('BENCH_BATCH_SIZE', 2000));

/** The floor: the same rows copied into a table of the same shape without leaving the server. */
async function timeBaseline(pool: Pool): Promise<{ seconds: number; rows: number }> {
  // The projection's own DDL: the same columns and indexes as the rebuilt table.
  await pool.query('CREATE SCHEMA bench_baseline');
  for (const statement of auditEventsProjection.createTables('bench_baseline'))
    await pool.query(statement);
  const started = performance.now();
  const { rowCount } = await pool.query(COPY_FROM_LOG('bench_baseline.audit_events'));
  return { seconds: (performance.now() - started) / 1000, rows: rowCount ?? 0 };
}

async function run(db: BenchDatabase) {
  const pool = new Pool({ connectionString: db.url, max: 2, application_name: 'quarry-bench' });
  const dataSource = benchDataSource(db.url);
  const store = new PostgresEventStore(
    new Pool({ connectionString: db.url, max: 4, application_name: 'quarry-bench-events' }),
  );
  try {
    await seedEvents(pool, EVENTS);
    await dataSource.initialize();

    await pool.query('CHECKPOINT');
    await waitForReadBound(pool);
    log(`rebuilding ${auditEventsProjection.name} with batchSize ${BATCH_SIZE}`);
    const rebuild = await timedRebuild(dataSource, store, auditEventsProjection, {
      batchSize: BATCH_SIZE,
      progress: true,
    });
    log(`rebuild: ${rebuild.applied} events in ${rebuild.seconds.toFixed(2)} s`);

    await pool.query('CHECKPOINT');
    log('baseline: INSERT … SELECT FROM events');
    const baseline = await timeBaseline(pool);
    log(`baseline: ${baseline.rows} rows in ${baseline.seconds.toFixed(2)} s`);
    return { rebuild, baseline };
  } finally {
    await store.close();
    if (dataSource.isInitialized) await dataSource.destroy();
    await pool.end();
  }
}

async function main(): Promise<void> {
  log(`${EVENTS} events over ${Math.ceil(EVENTS / EVENTS_PER_STREAM)} streams`);
  const { rebuild, baseline } = await withBenchDatabase(run);
  const value = rebuild.applied / rebuild.seconds;
  const baselineRate = baseline.rows / baseline.seconds;
  console.log(
    JSON.stringify({
      bench: 'rebuild',
      unit: 'events/s',
      value: round(value, 1),
      baseline: round(baselineRate, 1),
      ratio: round(value / baselineRate, 3),
      events: rebuild.applied,
      seconds: round(rebuild.seconds, 3),
      baseline_seconds: round(baseline.seconds, 3),
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
