import type { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EventFilter } from '../event-store.port';

/** One committed append, as announced to live subscriptions of this process. */
export interface Appended {
  readonly streamId: string;
  readonly types: readonly string[];
  /** The position of the append's last event. */
  readonly position: bigint;
}

/** What an append in this process announces to its live subscriptions (null: everyone, e.g. on close). */
export type AppendNotice = Appended | null;

export const APPENDED = 'appended';

const matches = (filter: EventFilter | undefined, notice: AppendNotice): boolean =>
  notice === null ||
  ((!filter?.streamPrefixes || filter.streamPrefixes.some((p) => notice.streamId.startsWith(p))) &&
    (!filter?.eventTypes || notice.types.some((type) => filter.eventTypes!.includes(type))));

/**
 * One live subscription's doorbell: rung only by local appends its filter
 * matches, so a burst of job submissions does not make the API-key
 * projection read the log. `seq` counts the rings, so a reader can tell one
 * came while it was reading (no lost wake-up). Appends by other processes
 * are found by polling.
 */
export class AppendWatch {
  seq = 0;
  /** The newest position of a matching local append (-1 before any). */
  newest = -1n;
  private wake: (() => void) | undefined;
  private readonly onAppend = (notice: AppendNotice) => {
    if (!matches(this.filter, notice)) return;
    this.seq += 1;
    if (notice && notice.position > this.newest) this.newest = notice.position;
    this.wake?.();
  };

  constructor(
    private readonly appended: EventEmitter,
    private readonly filter: EventFilter | undefined,
  ) {
    appended.on(APPENDED, this.onAppend);
  }

  /** Resolves true on the next matching append, false after `ms` or on abort. */
  async wait(ms: number, signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted) return false;
    const stop = new AbortController();
    const seq = this.seq;
    const onAbort = () => stop.abort();
    this.wake = onAbort;
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await sleep(ms, undefined, { signal: stop.signal });
    } catch {
      // woken early
    } finally {
      this.wake = undefined;
      signal?.removeEventListener('abort', onAbort);
    }
    return this.seq !== seq;
  }

  close(): void {
    this.appended.off(APPENDED, this.onAppend);
    this.wake?.();
  }
}
