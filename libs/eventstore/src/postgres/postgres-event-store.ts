import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool, PoolClient } from 'pg';
import { DuplicateEventIdError, WrongExpectedRevisionError } from '../errors';
import type {
  AppendOptions,
  AppendResult,
  CountEventsOptions,
  EventFilter,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadAllPage,
  ReadStreamOptions,
  RecordedEvent,
  StreamAppend,
  SubscribeOptions,
  SubscriptionMessage,
} from '../event-store.port';
import { assertStreamId, prepareEvents } from '../json-event';
import type { PreparedEvent } from '../json-event';
import { APPENDED, AppendWatch } from './append-watch';
import type { AppendNotice, Appended } from './append-watch';
import { GroupCommit } from './group-commit';
import { LAZY_TYPES, StoredEvent } from './stored-event';
import type { RawEventRow } from './stored-event';

export interface PostgresEventStoreOptions {
  /** How often an idle live subscription looks for new events from other processes. */
  readonly pollIntervalMs?: number;
  /** Events per read while catching up. */
  readonly readBatchSize?: number;
  /** A busy live subscription woken by an append waits this long to read it with the next ones. */
  readonly lingerMs?: number;
  /**
   * Appends (batches of them) at the database at once; appends made meanwhile
   * wait and go together in the next batch (group commit).
   */
  readonly appendConcurrency?: number;
  /**
   * The stores of this process's other threads: each append is announced to
   * them so that their live subscriptions wake at once, and theirs to us.
   */
  readonly siblings?: (deliver: (notices: Appended[]) => void) => SiblingStores;
  /** Called after each successful append (metrics). */
  readonly onAppended?: (count: number) => void;
  /** Transient failures: a live subscription's read, or an idle connection dropped by the server. */
  readonly onTransientError?: (error: unknown) => void;
}

/**
 * Appends per group commit: bounds one transaction's locks and its parameters' size, and its
 * subtransactions (one per append of several parts) to PostgreSQL's per-backend cache of 64.
 */
const MAX_APPEND_BATCH = 64;
/** Rows per stream page; more made long replays slower (bigger result sets to buffer). */
const MAX_PAGE = 2048;
/** Stream pages read ahead of the caller: one more than the database needs to stay busy. */
const PAGES_AHEAD = 2;
/** A subscription that read events this recently is busy: it lingers after a wake-up. */
const BUSY_WINDOW_MS = 100;
/** How soon a subscription looks again for its own append held back by the safe bound. */
const BOUND_RETRY_MS = 5;

const COLUMNS = 'position, event_id, stream_id, revision, type, data, metadata, created_at';
/** Events below this position belong to finished transactions only: no later commit can land behind it. */
const SAFE_BOUND = '(pg_snapshot_xmin(pg_current_snapshot())::text::bigint << 20)';

export interface SiblingStores {
  post(notices: Appended[]): void;
  close(): void;
}

interface PendingPart {
  readonly streamId: string;
  readonly expectedRevision: ExpectedRevision;
  readonly events: readonly PreparedEvent[];
}

/** The parts of one `appendMany`: they commit together. */
type PendingAppend = readonly PendingPart[];

interface AppendRow {
  /** `aborted`: the part was fine, another part of its append failed. */
  readonly status:
    'ok' | 'idempotent' | 'wrong_expected_revision' | 'duplicate_event_id' | 'aborted';
  readonly revision: string | null;
  readonly position: string | null;
}

const expectedText = (expected: ExpectedRevision): string =>
  typeof expected === 'bigint' ? expected.toString() : expected;

/** The appends' parts, flattened into quarry_append_groups's arrays; a part's group is its append's index. */
function appendGroupsParameters(appends: readonly PendingAppend[]): unknown[] {
  const parts = appends.flat();
  const events = parts.flatMap((part) => part.events);
  return [
    parts.map((part) => part.streamId),
    parts.map((part) => expectedText(part.expectedRevision)),
    parts.map((part) => part.events.length),
    appends.flatMap((append, group) => append.map(() => group)),
    events.map((e) => e.id),
    events.map((e) => e.type),
    events.map((e) => e.data),
    events.map((e) => e.metadata),
  ];
}

const APPEND_GROUPS = `SELECT part, status, revision, position FROM quarry_append_groups(
  $1::text[], $2::text[], $3::int[], $4::int[], $5::uuid[], $6::text[], $7::jsonb[], $8::jsonb[])`;

const escapeLike = (prefix: string) => prefix.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';

export class PostgresEventStore implements EventStore {
  readonly kind = 'postgres';
  readonly multiStreamAtomic = true;
  private readonly appended = new EventEmitter().setMaxListeners(0);
  private readonly pollIntervalMs: number;
  private readonly readBatchSize: number;
  private readonly lingerMs: number;
  private readonly appends: GroupCommit<PendingAppend, AppendRow[]>;
  private readonly siblings: SiblingStores | undefined;
  /** Notices for the siblings, sent once per event-loop turn: a group commit is one message. */
  private siblingNotices: Appended[] = [];

  constructor(
    private readonly pool: Pool,
    private readonly options: PostgresEventStoreOptions = {},
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    this.readBatchSize = options.readBatchSize ?? 1000;
    this.lingerMs = options.lingerMs ?? 20;
    this.appends = new GroupCommit(
      (batch) => this.appendBatch(batch),
      options.appendConcurrency ?? 2,
      MAX_APPEND_BATCH,
    );
    this.siblings = options.siblings?.((notices) => {
      for (const notice of notices) this.appended.emit(APPENDED, notice);
    });
    // An idle connection killed by a server restart must not crash the process; the pool replaces it.
    pool.on('error', (error) => options.onTransientError?.(error));
  }

  async append(
    streamId: string,
    events: readonly NewEvent[],
    { expectedRevision }: AppendOptions,
  ): Promise<AppendResult> {
    const [result] = await this.appendMany([{ streamId, events, expectedRevision }]);
    return result;
  }

  async appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    if (appends.length === 0) throw new RangeError('appendMany needs at least one append');
    const parts = appends.map(({ streamId, events, expectedRevision }) => {
      const prepared = prepareEvents(streamId, events);
      if (prepared.length === 0) throw new RangeError('append needs at least one event');
      return { streamId, expectedRevision, events: prepared };
    });
    const rows = await this.appends.submit(parts);
    const failed = rows.findIndex(
      (row) => row.status === 'wrong_expected_revision' || row.status === 'duplicate_event_id',
    );
    if (failed >= 0) throw appendError(parts[failed], rows[failed]);
    return rows.map((row, i) => {
      const part = parts[i];
      const position = BigInt(row.position!);
      if (row.status === 'ok') {
        this.options.onAppended?.(part.events.length);
        const notice = { streamId: part.streamId, types: part.events.map((e) => e.type), position };
        this.appended.emit(APPENDED, notice);
        if (this.siblings) this.announceToSiblings(notice);
      }
      return {
        nextRevision: BigInt(row.revision!),
        position,
        idempotent: row.status === 'idempotent',
      };
    });
  }

  private announceToSiblings(notice: Appended): void {
    if (this.siblingNotices.push(notice) > 1) return;
    setImmediate(() => {
      this.siblings?.post(this.siblingNotices);
      this.siblingNotices = [];
    });
  }

  /** One append alone: its own round trip and transaction. */
  private async appendOne(append: PendingAppend): Promise<AppendRow[]> {
    if (append.length > 1)
      return (await this.pool.query<AppendRow>(APPEND_GROUPS, appendGroupsParameters([append])))
        .rows;
    const [{ streamId, expectedRevision, events }] = append;
    const { rows } = await this.pool.query<AppendRow>(
      'SELECT status, revision, position FROM quarry_append($1, $2, $3::uuid[], $4::text[], $5::jsonb[], $6::jsonb[])',
      [
        streamId,
        expectedText(expectedRevision),
        events.map((e) => e.id),
        events.map((e) => e.type),
        events.map((e) => e.data),
        events.map((e) => e.metadata),
      ],
    );
    return rows;
  }

  /** Appends to any streams in one round trip and one commit, each append checked on its own. */
  private async appendBatch(batch: PendingAppend[]): Promise<PromiseSettledResult<AppendRow[]>[]> {
    if (batch.length === 1) return Promise.allSettled([this.appendOne(batch[0])]);
    try {
      const { rows } = await this.pool.query<AppendRow & { part: number }>(
        APPEND_GROUPS,
        appendGroupsParameters(batch),
      );
      const byPart: AppendRow[] = [];
      for (const { part, ...row } of rows) byPart[part - 1] = row;
      let next = 0;
      return batch.map((append) => ({
        status: 'fulfilled',
        value: append.map(() => byPart[next++]),
      }));
    } catch {
      // One append can fail the whole transaction (an event id another writer is inserting right
      // now, a deadlock with a foreign writer): each then goes alone and meets its own fate.
      // Appends are idempotent by event id, so one the failed batch did commit answers as such.
      return Promise.allSettled(batch.map((append) => this.appendOne(append)));
    }
  }

  async *readStream(
    streamId: string,
    options: ReadStreamOptions = {},
  ): AsyncIterable<RecordedEvent> {
    for await (const batch of this.readStreamBatches(streamId, options)) yield* batch;
  }

  async *readStreamBatches(
    streamId: string,
    options: ReadStreamOptions = {},
  ): AsyncIterable<readonly RecordedEvent[]> {
    assertStreamId(streamId);
    const backwards = options.direction === 'backwards';
    let next = options.fromRevision ?? 0n;
    if (backwards && options.fromRevision === undefined) {
      // Backwards from the end: the stream's last revision, where the first page's range ends.
      const { rows } = await this.pool.query<{ revision: string }>(
        'SELECT revision FROM streams WHERE stream_id = $1',
        [streamId],
      );
      if (rows.length === 0) return;
      next = BigInt(rows[0].revision);
    }
    const page = (from: bigint, limit: number) => {
      // Revisions of a stream are contiguous, so the page is also a closed range of revisions:
      // the plan stays an index range of `limit` rows even with stale statistics on a long stream.
      const to = backwards ? from - BigInt(limit) : from + BigInt(limit);
      const query = this.pool.query<RawEventRow>({
        text: `SELECT ${COLUMNS} FROM events
          WHERE stream_id = $1 AND revision ${backwards ? '<= $2 AND revision > $3' : '>= $2 AND revision < $3'}
          ORDER BY revision ${backwards ? 'DESC' : 'ASC'} LIMIT $4`,
        values: [streamId, from.toString(), to.toString(), limit],
        types: LAZY_TYPES,
      });
      // A reader that stops early leaves its prefetched page unread; its failure is nobody's.
      query.catch(() => undefined);
      return query;
    };
    // Short streams (an aggregate's) take one small query; long ones (a ledger) grow the page
    // and keep the next pages in flight while the caller folds this one. Revisions are
    // contiguous, so every page's range is known before the one ahead of it arrives.
    let unplanned = options.maxCount ?? Number.POSITIVE_INFINITY;
    let size = 256;
    const plan = () => {
      if (unplanned <= 0 || next < 0n) return undefined;
      const limit = Math.min(unplanned, size);
      const planned = { limit, result: page(next, limit) };
      next = backwards ? next - BigInt(limit) : next + BigInt(limit);
      unplanned -= limit;
      size = Math.min(size * 4, MAX_PAGE);
      return planned;
    };
    const inFlight = [plan()!];
    for (;;) {
      const current = inFlight.shift()!;
      const { rows } = await current.result;
      const full = rows.length === current.limit;
      while (full && inFlight.length < PAGES_AHEAD) {
        const planned = plan();
        if (!planned) break;
        inFlight.push(planned);
      }
      if (rows.length > 0) yield rows.map((row) => new StoredEvent(row));
      if (!full || inFlight.length === 0) return;
    }
  }

  async readAll({ fromPosition = -1n, maxCount, filter }: ReadAllOptions): Promise<ReadAllPage> {
    const params: unknown[] = [fromPosition.toString(), maxCount];
    const conditions = this.filterConditions(filter, params);
    // `last` is the newest event below the bound, matching or not: the page ends there, so an
    // idle log leaves positions (and checkpoints) still instead of following every new txid.
    const { rows } = await this.pool.query<RawEventRow & { last: string | null }>({
      text: `WITH b AS (SELECT ${SAFE_BOUND} AS bound)
       SELECT e.*, (SELECT max(position) FROM events WHERE position < b.bound) AS last FROM b LEFT JOIN LATERAL (
         SELECT ${COLUMNS} FROM events
         WHERE position > $1 AND position < b.bound ${conditions}
         ORDER BY position LIMIT $2
       ) e ON true`,
      values: params,
      types: LAZY_TYPES,
    });
    const events = rows.filter((r) => r.position !== null).map((row) => new StoredEvent(row));
    if (events.length === maxCount) {
      return { events, position: events[events.length - 1].position, isEnd: false };
    }
    const last = rows[0].last === null ? -1n : BigInt(rows[0].last);
    return { events, position: last > fromPosition ? last : fromPosition, isEnd: true };
  }

  async *subscribeToAll({
    fromPosition = -1n,
    filter,
    signal,
  }: SubscribeOptions = {}): AsyncIterable<SubscriptionMessage> {
    let from = fromPosition;
    let caughtUp = false;
    let lastDelivered = from;
    let lastCheckpointAt = 0;
    let failures = 0;
    let lastEventsAt = 0;
    const watch = new AppendWatch(this.appended, filter);
    // While catching up, the next page is read while the consumer handles this one.
    let prefetched: { from: bigint; seq: number; page: Promise<ReadAllPage> } | undefined;
    const read = (position: bigint) => {
      const page = this.readAll({ fromPosition: position, maxCount: this.readBatchSize, filter });
      page.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile
      return { from: position, seq: watch.seq, page };
    };
    try {
      while (!signal?.aborted) {
        let page: ReadAllPage;
        const pending = prefetched?.from === from ? prefetched : read(from);
        prefetched = undefined;
        const seqBeforeRead = pending.seq;
        try {
          page = await pending.page;
          failures = 0;
          if (!page.isEnd) prefetched = read(page.position);
        } catch (error) {
          if (signal?.aborted) return;
          // The server may be restarting: keep our place and retry; nothing is lost or repeated.
          this.options.onTransientError?.(error);
          failures += 1;
          await watch.wait(Math.min(5000, 100 * 2 ** Math.min(failures, 6)), signal);
          continue;
        }
        if (page.events.length > 0) lastEventsAt = Date.now();
        for (const event of page.events) {
          yield { kind: 'event', event };
          lastDelivered = event.position;
        }
        from = page.position;
        if (!page.isEnd) continue;
        if (!caughtUp) {
          caughtUp = true;
          yield { kind: 'caught_up', position: from };
        } else if (from > lastDelivered && Date.now() - lastCheckpointAt >= 1000) {
          lastCheckpointAt = Date.now();
          yield { kind: 'checkpoint', position: from };
        }
        if (watch.newest > from) {
          // One of our matching appends is committed but still behind an older transaction in
          // flight (the safe bound): its commit may announce nothing this filter matches.
          await sleep(BOUND_RETRY_MS, undefined, { signal }).catch(() => undefined);
        } else if (page.events.length === 0 && watch.seq === seqBeforeRead) {
          // Woken by an append while busy, linger: the appends of concurrent requests are then
          // read (and projected) together instead of one query and transaction each. An idle
          // subscription reads at once, so a lone write is projected without delay.
          const woken = await watch.wait(this.pollIntervalMs, signal);
          if (woken && Date.now() - lastEventsAt < BUSY_WINDOW_MS)
            await sleep(this.lingerMs, undefined, { signal }).catch(() => undefined);
        }
      }
    } finally {
      watch.close();
    }
  }

  async countEvents({
    fromPosition = -1n,
    toPosition,
    filter,
    limit,
  }: CountEventsOptions = {}): Promise<number> {
    const params: unknown[] = [fromPosition.toString(), toPosition?.toString() ?? null];
    const conditions = this.filterConditions(filter, params);
    params.push(limit ?? null);
    const { rows } = await this.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM (
         SELECT 1 FROM events WHERE position > $1 AND ($2::bigint IS NULL OR position <= $2) ${conditions}
         LIMIT $${params.length}) counted`,
      params,
    );
    return Number(rows[0].n);
  }

  async headPosition(): Promise<bigint> {
    const { rows } = await this.pool.query<{ head: string | null }>(
      'SELECT max(position) AS head FROM events',
    );
    return rows[0].head === null ? 0n : BigInt(rows[0].head);
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1 FROM events LIMIT 0');
  }

  async close(): Promise<void> {
    this.siblings?.close();
    this.siblingNotices = [];
    this.appended.emit(APPENDED, null satisfies AppendNotice);
    await this.pool.end();
  }

  /** A client for a caller that needs to run its own transaction on the same database. */
  connect(): Promise<PoolClient> {
    return this.pool.connect();
  }

  private filterConditions(filter: EventFilter | undefined, params: unknown[]): string {
    let sql = '';
    if (filter?.eventTypes) {
      params.push(filter.eventTypes);
      sql += ` AND type = ANY($${params.length}::text[])`;
    }
    if (filter?.streamPrefixes) {
      params.push(filter.streamPrefixes.map(escapeLike));
      sql += ` AND stream_id LIKE ANY($${params.length}::text[])`;
    }
    return sql;
  }
}

function appendError(part: PendingPart, row: AppendRow): Error {
  if (row.status === 'duplicate_event_id')
    return new DuplicateEventIdError(part.streamId, row.revision ?? part.events[0].id);
  return new WrongExpectedRevisionError(
    part.streamId,
    part.expectedRevision,
    row.revision === null ? undefined : BigInt(row.revision),
  );
}
