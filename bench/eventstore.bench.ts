/**
 * Append throughput of the PostgreSQL event store: single-event appends to new
 * streams through `PostgresEventStore.append` (the `quarry_append` function),
 * against a raw single-row INSERT into a table shaped like `events`, at
 * several concurrency levels on the same database.
 *
 *   npm run bench:eventstore            BENCH_SECONDS=5 (measured) after 1 s warm-up
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Pool } from 'pg';
import type { EventMetadata, NewEvent } from '@quarry/eventstore';
import { PostgresEventStore } from '@quarry/eventstore';
import type { BenchDatabase } from './support';
import { envNumber, log, percentile, round, withBenchDatabase } from './support';

const LEVELS = [1, 8, 32];
const MEASURE_MS = envNumber('BENCH_SECONDS', 5) * 1000;
const WARMUP_MS = Math.min(1000, MEASURE_MS);

interface Measurement {
  readonly ops: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

interface Level {
  readonly concurrency: number;
  readonly value: number;
  readonly baseline: number;
  readonly ratio: number;
  readonly p99_ms: number;
}

/** A lead-qualified event as the app writes them: ~200 bytes of data, ~170 of metadata. */
function leadEvent(): Required<Pick<NewEvent, 'type' | 'data'>> & { metadata: EventMetadata } {
  const n = Math.floor(Math.random() * 1e9);
  return {
    type: 'LeadQualified',
    data: {
      leadId: randomUUID(),
      domain: `acme-${n}.example.com`,
      company: 'Acme Industrial Widgets GmbH',
      score: n % 100,
      signals: ['pricing-page', 'careers:sales', 'tech:stripe'],
      qualifiedAt: new Date().toISOString(),
    },
    metadata: {
      correlationId: randomUUID(),
      causationId: randomUUID(),
      requestId: `req_${n.toString(36)}`,
      actor: 'apikey:key_3f9a21',
      schemaVersion: 1,
    },
  };
}

/**
 * Closed loop: `concurrency` workers each run `operation` back to back.
 * Operations completing during the measured window count; the warm-up fills
 * the pool's connections and the plan caches first.
 */
async function drive(concurrency: number, operation: () => Promise<unknown>): Promise<Measurement> {
  let phase: 'warmup' | 'measure' | 'stop' = 'warmup';
  const latencies: number[] = [];
  const worker = async () => {
    while (phase !== 'stop') {
      const started = performance.now();
      await operation();
      if (phase === 'measure') latencies.push(performance.now() - started);
    }
  };
  const workers = Array.from({ length: concurrency }, worker);
  await sleep(WARMUP_MS);
  phase = 'measure';
  const measureStart = performance.now();
  await sleep(MEASURE_MS);
  phase = 'stop';
  const seconds = (performance.now() - measureStart) / 1000;
  await Promise.all(workers);
  const sorted = Float64Array.from(latencies).sort();
  return {
    ops: latencies.length,
    perSecond: latencies.length / seconds,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
  };
}

const describe = (label: string, m: Measurement) =>
  `${label.padEnd(8)} ${m.perSecond.toFixed(0).padStart(7)} events/s  p50 ${m.p50Ms.toFixed(2)} ms  p99 ${m.p99Ms.toFixed(2)} ms  (${m.ops} ops)`;

/** Flushes dirty pages between runs so one run's checkpoint does not land in the next one's window. */
async function checkpoint(db: BenchDatabase): Promise<void> {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query('CHECKPOINT');
  } finally {
    await client.end();
  }
}

let rawPosition = 0;

async function runLevel(db: BenchDatabase, concurrency: number): Promise<Level> {
  const newPool = () =>
    new Pool({ connectionString: db.url, max: concurrency, application_name: 'quarry-bench' });

  await checkpoint(db);
  const store = new PostgresEventStore(newPool(), {
    onTransientError: (e) => log(`transient: ${String(e)}`),
  });
  let append: Measurement;
  try {
    append = await drive(concurrency, () =>
      store.append(`lead-${randomUUID()}`, [leadEvent()], { expectedRevision: 'no_stream' }),
    );
  } finally {
    await store.close();
  }
  log(`c=${String(concurrency).padStart(2)} ${describe('append', append)}`);

  await checkpoint(db);
  const pool = newPool();
  let raw: Measurement;
  try {
    raw = await drive(concurrency, () => {
      const event = leadEvent();
      rawPosition += 1;
      // What a client does for an append without the function: serialize, one round trip, one row.
      return pool.query(
        `INSERT INTO raw_events (position, event_id, stream_id, revision, type, data, metadata, created_at)
         VALUES ($1, $2, $3, 0, $4, $5, $6, statement_timestamp())`,
        [
          rawPosition,
          randomUUID(),
          `lead-${randomUUID()}`,
          event.type,
          JSON.stringify(event.data),
          JSON.stringify(event.metadata),
        ],
      );
    });
  } finally {
    await pool.end();
  }
  log(`c=${String(concurrency).padStart(2)} ${describe('raw', raw)}`);

  return {
    concurrency,
    value: round(append.perSecond, 1),
    baseline: round(raw.perSecond, 1),
    ratio: round(append.perSecond / raw.perSecond, 3),
    p99_ms: round(append.p99Ms, 3),
  };
}

async function main(): Promise<void> {
  const sample = leadEvent();
  log(
    `event: data ${JSON.stringify(sample.data).length} B, metadata ${JSON.stringify(sample.metadata).length} B; ` +
      `${WARMUP_MS / 1000} s warm-up + ${MEASURE_MS / 1000} s per run; levels ${LEVELS.join(', ')}`,
  );
  const levels = await withBenchDatabase(async (db) => {
    const setup = new Pool({ connectionString: db.url, max: 1 });
    try {
      // Same columns, types, defaults and indexes as `events` (not its triggers: they only fire on UPDATE/DELETE/TRUNCATE).
      await setup.query('CREATE TABLE raw_events (LIKE events INCLUDING ALL)');
    } finally {
      await setup.end();
    }
    const results: Level[] = [];
    for (const concurrency of LEVELS) results.push(await runLevel(db, concurrency));
    return results;
  });

  const top = levels[levels.length - 1];
  for (const l of levels) log(`c=${l.concurrency}: append/raw = ${l.ratio}`);
  console.log(
    JSON.stringify({
      bench: 'eventstore-append',
      unit: 'events/s',
      value: top.value,
      baseline: top.baseline,
      ratio: top.ratio,
      p99_ms: top.p99_ms,
      levels,
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
