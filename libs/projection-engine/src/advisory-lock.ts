import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource, QueryRunner } from 'typeorm';

export interface HeldLock {
  /** Fails when the connection holding the lock was lost (the lock with it). */
  check(): Promise<void>;
  release(): Promise<void>;
}

/**
 * A session-level advisory lock on a dedicated connection, held while a runner
 * lives. `wait` true keeps trying until acquired or aborted (a second runner
 * waits); false returns null at once.
 */
export async function acquireLock(
  dataSource: DataSource,
  namespace: number,
  key: string,
  options: { wait: boolean; signal?: AbortSignal; retryMs?: number },
): Promise<HeldLock | null> {
  let runner: QueryRunner | undefined;
  try {
    runner = dataSource.createQueryRunner();
    await runner.connect();
    for (;;) {
      const [{ locked }] = (await runner.query(
        'SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked',
        [namespace, key],
      )) as {
        locked: boolean;
      }[];
      if (locked) break;
      if (!options.wait || options.signal?.aborted) {
        await runner.release();
        return null;
      }
      await sleep(options.retryMs ?? 1000, undefined, { signal: options.signal }).catch(
        () => undefined,
      );
    }
  } catch (error) {
    await runner?.release().catch(() => undefined);
    throw error;
  }
  const held = runner;
  return {
    check: async () => {
      await held.query('SELECT 1');
    },
    release: async () => {
      try {
        await held.query('SELECT pg_advisory_unlock($1, hashtext($2))', [namespace, key]);
      } catch {
        // The connection is gone, and the lock with it.
      } finally {
        await held.release().catch(() => undefined);
      }
    },
  };
}

/**
 * Runs `work` while holding the lock, queueing for it first; `work` gets a
 * signal that also aborts when the lock is lost with its connection (then
 * this returns, and the caller may queue again).
 */
export async function whileHoldingLock(
  dataSource: DataSource,
  namespace: number,
  key: string,
  signal: AbortSignal,
  work: (session: AbortSignal) => Promise<void>,
  options: { checkEveryMs?: number; onWaiting?: () => void } = {},
): Promise<void> {
  options.onWaiting?.();
  const lock = await acquireLock(dataSource, namespace, key, { wait: true, signal });
  if (!lock) return;
  const lost = new AbortController();
  const check = setInterval(() => {
    lock.check().catch(() => lost.abort());
  }, options.checkEveryMs ?? 5000);
  try {
    await work(AbortSignal.any([signal, lost.signal]));
  } finally {
    clearInterval(check);
    await lock.release();
  }
}
