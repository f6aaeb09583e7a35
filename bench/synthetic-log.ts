import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool } from 'pg';
import { log } from './support';

export const EVENTS_PER_STREAM = 10;
/** Rows per seeding transaction: positions are (txid << 20) + n like the adapter's, so n must stay below 2^20. */
const SEED_CHUNK = 100_000;

/**
 * Writes `count` events straight into `events` over count / 10 streams,
 * interleaved as live traffic would be: event g belongs to stream g mod S at
 * revision g div S, so each stream's revisions follow global order. Then
 * VACUUM ANALYZE, so no timed reader pays for hint bits or lacks statistics.
 */
export async function seedEvents(pool: Pool, count: number): Promise<void> {
  const streams = Math.ceil(count / EVENTS_PER_STREAM);
  const started = performance.now();
  for (let from = 0; from < count; from += SEED_CHUNK) {
    const to = Math.min(count, from + SEED_CHUNK) - 1;
    await pool.query(
      `INSERT INTO events (position, event_id, stream_id, revision, type, data, metadata, created_at)
       SELECT (pg_current_xact_id()::text::bigint << 20) + (g - $1),
              gen_random_uuid(),
              'lead-' || (g % $3),
              g / $3,
              (ARRAY['LeadDiscovered', 'LeadEnriched', 'LeadScored', 'LeadQualified', 'CreditsCharged'])[1 + (g / $3) % 5],
              jsonb_build_object(
                'orgId', 'org_' || (g % $3) % 500,
                'leadId', md5((g % $3)::text)::uuid,
                'domain', 'acme-' || (g % $3) || '.example.com',
                'score', g % 100,
                'at', '2026-01-01T00:00:00Z'::timestamptz + g * interval '1 second'),
              jsonb_build_object(
                'correlationId', md5(g::text)::uuid,
                'actor', 'apikey:key_3f9a21',
                'schemaVersion', 1),
              '2026-01-01T00:00:00Z'::timestamptz + g * interval '1 second'
         FROM generate_series($1::bigint, $2::bigint) AS g`,
      [from, to, streams],
    );
    log(
      `seeded ${to + 1} / ${count} events (${((to + 1) / ((performance.now() - started) / 1000)).toFixed(0)}/s)`,
    );
  }
  await pool.query('VACUUM (ANALYZE) events');
  const { rows } = await pool.query<{ data: number; metadata: number; size: string }>(
    `SELECT avg(octet_length(data::text))::int AS data, avg(octet_length(metadata::text))::int AS metadata,
            pg_size_pretty(pg_total_relation_size('events')) AS size FROM events`,
  );
  log(
    `events table ${rows[0].size}; JSON data ~${rows[0].data} B, metadata ~${rows[0].metadata} B per event`,
  );
}

/**
 * The audit projection's rows computed on the server straight from the log
 * (its apply() maps `data->>'orgId'` to org_id): the floor a rebuild is held
 * against. Append a WHERE clause to copy part of the log.
 */
export const COPY_FROM_LOG = (table: string) =>
  `INSERT INTO ${table} (position, event_id, stream_id, revision, type, data, metadata, created_at, org_id)
   SELECT position, event_id, stream_id, revision, type, data, metadata, created_at, data->>'orgId' FROM events`;

/**
 * Waits until no transaction older than the newest event is still running
 * anywhere on the server. Readers only see positions below the cluster-wide
 * xmin, so a transaction of another database's tests would otherwise hold the
 * replay back (and can make a rebuild see caught_up before its target).
 */
export async function waitForReadBound(pool: Pool, timeoutMs = 120_000): Promise<void> {
  const started = performance.now();
  let lastLog = 0;
  for (;;) {
    const { rows } = await pool.query<{ clear: boolean; holders: string | null }>(
      `WITH newest AS (SELECT coalesce(max(position) >> 20, 0) AS xid FROM events)
       SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint > newest.xid AS clear,
              (SELECT string_agg(format('pid %s on %s (%s)', pid, datname, state), ', ')
                 FROM pg_stat_activity WHERE backend_xid IS NOT NULL AND backend_xid::text::bigint <= newest.xid) AS holders
         FROM newest`,
    );
    if (rows[0].clear) return;
    const waited = performance.now() - started;
    if (waited > timeoutMs)
      throw new Error(`Transactions older than the seed still run: ${rows[0].holders ?? '?'}`);
    if (waited - lastLog >= 2000) {
      lastLog = waited;
      log(
        `waiting for older transactions elsewhere on the server to end: ${rows[0].holders ?? '?'}`,
      );
    }
    await sleep(100);
  }
}
