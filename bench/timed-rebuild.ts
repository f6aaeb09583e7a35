import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import type { EventStore } from '@quarry/eventstore';
import type { ProjectionDefinition, RebuildProgress } from '@quarry/projection-engine';
import { rebuildProjection } from '@quarry/projection-engine';
import { envNumber, log } from './support';

/** A rebuild with no progress for this long is reported as stalled and cancelled. */
const STALL_MS = envNumber('BENCH_STALL_SECONDS', 30) * 1000;

export interface TimedRebuildOptions {
  readonly batchSize: number;
  /** Print a progress line every 2 s. */
  readonly progress?: boolean;
}

export interface TimedRebuild {
  readonly seconds: number;
  readonly applied: number;
  /** Replay transactions (micro-batches) the rebuild committed. */
  readonly batches: number;
}

const describe = (p: RebuildProgress) => {
  const eta = p.etaSeconds === undefined ? '' : `, ETA ${p.etaSeconds.toFixed(0)} s`;
  return `rebuild ${p.phase}: ${p.applied} / ${p.total ?? '?'} events, ${p.eventsPerSecond.toFixed(0)} events/s${eta}`;
};

/**
 * Times `rebuildProjection` with the store counting events for the ETA. A
 * watchdog cancels it when nothing moves for BENCH_STALL_SECONDS: the read
 * bound is the cluster-wide oldest writing transaction, so a long transaction
 * elsewhere on the server holds a rebuild back, and a bench must fail then,
 * not hang.
 */
export async function timedRebuild(
  dataSource: DataSource,
  store: EventStore,
  definition: ProjectionDefinition,
  options: TimedRebuildOptions,
): Promise<TimedRebuild> {
  const abort = new AbortController();
  let latest: RebuildProgress | undefined;
  let lastMove = performance.now();
  let batches = 0;
  let stalled = false;
  const ticker = setInterval(() => {
    if (options.progress && latest?.phase === 'replaying') log(describe(latest));
    if (performance.now() - lastMove > STALL_MS) {
      stalled = true;
      abort.abort();
    }
  }, 2000);
  const started = performance.now();
  try {
    const result = await rebuildProjection(dataSource, store, definition, {
      batchSize: options.batchSize,
      signal: abort.signal,
      onProgress: (p) => {
        if (p.phase === 'replaying') batches += 1;
        if (p.applied !== latest?.applied || p.phase !== latest.phase) lastMove = performance.now();
        latest = p;
        if (options.progress && p.phase !== 'replaying') log(describe(p));
      },
    });
    return { seconds: (performance.now() - started) / 1000, applied: result.applied, batches };
  } catch (error) {
    if (!stalled) throw error;
    throw new Error(
      `Rebuild of ${definition.name} stalled: no progress for ${STALL_MS / 1000} s at ` +
        `${latest ? describe(latest) : 'start'}; a long transaction elsewhere on the server holds the read bound.`,
      { cause: error },
    );
  } finally {
    clearInterval(ticker);
  }
}
