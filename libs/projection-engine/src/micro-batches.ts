import type { SubscriptionMessage } from '@quarry/eventstore';
import type { RecordedEvent } from '@quarry/eventstore';

export interface MicroBatch {
  readonly events: RecordedEvent[];
  /** Everything up to here has been considered: the checkpoint to store with this batch. */
  readonly position: bigint;
  /** The subscription reached the end of the log with this batch. */
  readonly caughtUp: boolean;
}

const IDLE = Symbol('idle');
const nextMacrotask = () => new Promise<typeof IDLE>((resolve) => setImmediate(resolve, IDLE));

/**
 * Groups a subscription into batches without waiting for more events than are
 * already at hand: a batch closes when it is full, when the subscription
 * reports a position (caught up, checkpoint), or when the next event is not
 * available before the next macrotask (the adapter went to I/O).
 */
export async function* microBatches(
  subscription: AsyncIterable<SubscriptionMessage>,
  from: bigint,
  maxSize: number,
): AsyncGenerator<MicroBatch> {
  const iterator = subscription[Symbol.asyncIterator]();
  let pending = iterator.next();
  let events: RecordedEvent[] = [];
  let position = from;
  try {
    for (;;) {
      const result =
        events.length === 0 ? await pending : await Promise.race([pending, nextMacrotask()]);
      if (result === IDLE) {
        yield { events, position, caughtUp: false };
        events = [];
        continue;
      }
      if (result.done) {
        if (events.length > 0) yield { events, position, caughtUp: false };
        return;
      }
      pending = iterator.next();
      const message = result.value;
      switch (message.kind) {
        case 'event':
          events.push(message.event);
          position = message.event.position;
          if (events.length >= maxSize) {
            yield { events, position, caughtUp: false };
            events = [];
          }
          break;
        case 'caught_up':
        case 'checkpoint':
          if (message.position > position) position = message.position;
          yield { events, position, caughtUp: message.kind === 'caught_up' };
          events = [];
          break;
      }
    }
  } finally {
    // Not awaited: a read may be pending on an idle log, and the consumer's abort signal ends it.
    void Promise.resolve(iterator.return?.()).catch(() => undefined);
  }
}
