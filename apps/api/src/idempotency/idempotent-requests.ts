import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { canonicalize } from 'json-canonicalize';
import { CLOCK } from '@quarry/clock';
import type { Clock } from '@quarry/clock';
import { QuarryError } from '@quarry/errors';
import {
  decideAndAppend,
  EVENT_STORE,
  loadState,
  metadataOf,
  WrongExpectedRevisionError,
} from '@quarry/eventstore';
import type { CommandContext, EventStore } from '@quarry/eventstore';
import { idempotencyDecider } from './idempotency.decider';
import type { StoredResponse } from './idempotency.decider';

export interface IdempotentOutcome extends StoredResponse {
  /** True when this is the stored answer of an earlier request. */
  readonly replayed: boolean;
}

const MAX_KEY_LENGTH = 255;

/** Same key and same payload: the first response again (PRODUCT.md "Idempotency"). */
@Injectable()
export class IdempotentRequests {
  private readonly logger = new Logger(IdempotentRequests.name);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Checks the header: present keys must be 1 to 255 visible characters. */
  static validKey(key: string | undefined): string | undefined {
    if (key === undefined) return undefined;
    if (key.length === 0 || key.length > MAX_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(key)) {
      const message = `Idempotency-Key must be 1 to ${MAX_KEY_LENGTH} visible ASCII characters`;
      throw new QuarryError('invalid_request', message, [
        { field: 'Idempotency-Key', code: 'invalid_idempotency_key', message },
      ]);
    }
    return key;
  }

  /**
   * Runs `work` once per (organization, key): claims the key, runs, stores a
   * 2xx response. A failure releases the key (errors are not stored), so the
   * client may retry. `work` gets the resource id the claim holds, which a
   * retry after a crash reuses.
   */
  async run(
    orgId: string,
    key: string,
    request: unknown,
    newResourceId: string,
    context: CommandContext,
    work: (resourceId: string) => Promise<StoredResponse>,
  ): Promise<IdempotentOutcome> {
    const streamId = `idempotency-${orgId}-${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;
    const requestHash = createHash('sha256').update(canonicalize(request)).digest('hex');
    const metadata = metadataOf(context);
    let resourceId: string;
    for (let attempt = 0; ; attempt += 1) {
      const { state, revision } = await loadState(this.store, streamId, idempotencyDecider);
      const events = idempotencyDecider.decide(
        {
          type: 'ClaimKey',
          data: { requestHash, resourceId: newResourceId, now: this.clock.now() },
        },
        state,
      );
      if (events.length === 0) return { ...state.claim!.response!, replayed: true };
      try {
        await this.store.append(
          streamId,
          events.map((e) => ({ type: e.type, data: e.data, metadata })),
          { expectedRevision: revision ?? 'no_stream' },
        );
      } catch (error) {
        // Another request claimed it first: decide again (now in flight, or answered).
        if (error instanceof WrongExpectedRevisionError && attempt < 5) continue;
        throw error;
      }
      resourceId = (events[0].data as { resourceId: string }).resourceId;
      break;
    }
    const settle = (command: Parameters<typeof idempotencyDecider.decide>[0]) =>
      decideAndAppend(this.store, streamId, idempotencyDecider, command, {
        metadata,
        retryOnConflict: true,
      });
    let response: StoredResponse;
    try {
      response = await work(resourceId);
    } catch (error) {
      await settle({ type: 'ReleaseKey', data: { now: this.clock.now() } }).catch(
        (release: unknown) =>
          this.logger.warn(`Idempotency-Key not released (it frees itself): ${String(release)}`),
      );
      throw error;
    }
    await settle({ type: 'RecordResponse', data: { response, now: this.clock.now() } });
    return { ...response, replayed: false };
  }
}
