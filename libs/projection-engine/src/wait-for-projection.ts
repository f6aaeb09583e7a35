import type { DataSource } from 'typeorm';

interface Waiter {
  readonly position: bigint;
  readonly deadline: number;
  resolve(caughtUp: boolean): void;
}

/**
 * One poller per projection and data source, shared by every request
 * waiting on it: a burst of writes waiting to read their own writes costs a
 * query every few milliseconds, not one per waiting request.
 */
class CheckpointWatch {
  private readonly waiters = new Set<Waiter>();
  private running = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly projection: string,
  ) {}

  /** A runner of this process committed up to `position`: answer those waiting at once. */
  advanced(position: bigint): void {
    for (const waiter of this.waiters) {
      if (position < waiter.position) continue;
      this.waiters.delete(waiter);
      waiter.resolve(true);
    }
  }

  wait(position: bigint, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      this.waiters.add({ position, deadline: Date.now() + timeoutMs, resolve });
      if (!this.running) void this.poll();
    });
  }

  private async poll(): Promise<void> {
    this.running = true;
    try {
      for (let delay = 1; this.waiters.size > 0; delay = Math.min(delay * 2, 20)) {
        let reached: bigint | undefined;
        try {
          const rows = await this.dataSource.query<{ position: string }[]>(
            `SELECT position FROM projection_builds WHERE name = $1 AND state = 'active'`,
            [this.projection],
          );
          reached = rows[0] ? BigInt(rows[0].position) : undefined;
        } catch {
          // A failed read is a late answer, not an error: waiters time out as documented.
        }
        const now = Date.now();
        let progressed = false;
        for (const waiter of this.waiters) {
          if (reached !== undefined && reached >= waiter.position) {
            this.waiters.delete(waiter);
            waiter.resolve(true);
            progressed = true;
          } else if (now >= waiter.deadline) {
            this.waiters.delete(waiter);
            waiter.resolve(false);
          }
        }
        if (progressed) delay = 1;
        if (this.waiters.size > 0) await new Promise((r) => setTimeout(r, delay));
      }
    } finally {
      this.running = false;
    }
  }
}

const watches = new WeakMap<DataSource, Map<string, CheckpointWatch>>();

function watchOf(dataSource: DataSource, projection: string): CheckpointWatch {
  let byName = watches.get(dataSource);
  if (!byName) watches.set(dataSource, (byName = new Map<string, CheckpointWatch>()));
  let watch = byName.get(projection);
  if (!watch) byName.set(projection, (watch = new CheckpointWatch(dataSource, projection)));
  return watch;
}

/** A projection's checkpoint moved: what a runner tells waiters on another thread. */
export interface CheckpointNotice {
  readonly projection: string;
  readonly position: bigint;
}

/** The ThreadGroup topic of checkpoint notices (the worker thread to the API's). */
export const CHECKPOINTS_TOPIC = 'projection-checkpoints';

/** Called by a runner after its batch committed, so waiters in this thread need no poll. */
export function checkpointAdvanced(
  dataSource: DataSource,
  projection: string,
  position: bigint,
): void {
  watches.get(dataSource)?.get(projection)?.advanced(position);
}

/**
 * Read-your-writes: waits (bounded) until the projection's active generation
 * has applied `position`. Returns false on timeout; the caller decides.
 */
export function waitForProjection(
  dataSource: DataSource,
  projection: string,
  position: bigint,
  timeoutMs = 5000,
): Promise<boolean> {
  return watchOf(dataSource, projection).wait(position, timeoutMs);
}
