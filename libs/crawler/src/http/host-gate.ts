import { setTimeout as sleep } from 'node:timers/promises';

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (reason: unknown) => void;
}

interface HostState {
  active: number;
  readonly queue: Waiter[];
  /** Earliest start of the next request to the host (politeness spacing, backoff). */
  nextStartAt: number;
}

/**
 * Per-host politeness: at most `perHost` requests in flight to a host, and
 * request starts spaced by `spacingMs(host)` (delay with jitter, or the
 * robots.txt Crawl-delay). A 429/503 pauses the whole host. Slots are handed
 * over first come, first served.
 */
export class HostGates {
  private readonly hosts = new Map<string, HostState>();

  constructor(
    private readonly perHost: number,
    private readonly spacingMs: (host: string) => number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Waits for a slot on `host` and its turn to start; returns the release function. */
  async acquire(host: string, signal: AbortSignal): Promise<() => void> {
    signal.throwIfAborted();
    const state = this.stateOf(host);
    if (state.active < this.perHost) {
      state.active += 1;
    } else {
      await this.enqueue(state, signal);
    }
    const release = once(() => this.release(host, state));
    const spacing = this.spacingMs(host);
    if (spacing > 0 || state.nextStartAt > 0) {
      const now = this.now();
      const startAt = Math.max(now, state.nextStartAt);
      state.nextStartAt = startAt + spacing;
      if (startAt > now) {
        try {
          await sleep(startAt - now, undefined, { signal });
        } catch (error) {
          release();
          throw error;
        }
      }
    }
    return release;
  }

  /** No request to `host` starts before `at` (epoch ms). */
  pauseUntil(host: string, at: number): void {
    const state = this.stateOf(host);
    state.nextStartAt = Math.max(state.nextStartAt, at);
  }

  private stateOf(host: string): HostState {
    let state = this.hosts.get(host);
    if (state === undefined) {
      if (this.hosts.size >= 1024) this.forgetIdleHosts();
      state = { active: 0, queue: [], nextStartAt: 0 };
      this.hosts.set(host, state);
    }
    return state;
  }

  private enqueue(state: HostState, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const index = state.queue.indexOf(waiter);
        if (index >= 0) state.queue.splice(index, 1);
        reject(
          signal.reason instanceof Error
            ? signal.reason
            : new Error('aborted', { cause: signal.reason }),
        );
      };
      const waiter: Waiter = {
        resolve: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
        reject,
      };
      state.queue.push(waiter);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private release(host: string, state: HostState): void {
    const next = state.queue.shift();
    if (next !== undefined) {
      next.resolve(); // the slot passes to the waiter: `active` is unchanged
      return;
    }
    state.active -= 1;
    if (state.active === 0 && state.nextStartAt <= this.now()) this.hosts.delete(host);
  }

  private forgetIdleHosts(): void {
    const now = this.now();
    for (const [host, state] of this.hosts) {
      if (state.active === 0 && state.nextStartAt <= now) this.hosts.delete(host);
    }
  }
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
}
