import { randomUUID } from 'node:crypto';
import { BroadcastChannel } from 'node:worker_threads';

/**
 * The injection token of this thread's `ThreadGroup`, or `null` when the
 * whole Quarry runs on one thread.
 */
export const THREAD_GROUP = Symbol('THREAD_GROUP');

/** One topic's messages to and from the group's other threads. */
export interface ThreadChannel<T> {
  /** Delivers to the listeners of every other thread of the group, never this one's; after close(), nothing. */
  post(message: T): void;
  close(): void;
}

/**
 * The threads of one Quarry process: the API on the main thread and the
 * worker (projections, sagas, crawling) on a worker thread of its own. What
 * one thread signals in process (an append that should wake a projection, a
 * job that ended) reaches the others over a BroadcastChannel per topic. The
 * id keeps two Quarries in one process (tests) from hearing each other.
 */
export class ThreadGroup {
  constructor(readonly id: string = randomUUID()) {}

  /** The topic's channel; without `onMessage`, one that only posts. */
  channel<T>(topic: string, onMessage?: (message: T) => void): ThreadChannel<T> {
    const channel = new BroadcastChannel(`quarry:${this.id}:${topic}`);
    if (onMessage) channel.onmessage = (event) => onMessage((event as { data: T }).data);
    // Listening must not keep a thread alive after its work is done.
    channel.unref();
    let open = true;
    return {
      post: (message) => open && channel.postMessage(message),
      close: () => {
        open = false;
        channel.close();
      },
    };
  }
}
