import { QuarryError } from '@quarry/errors';
import type { Decider } from '@quarry/eventstore';

/** PRODUCT.md: keys are kept 24 h. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** A claim without a response for this long belongs to a request that died: a retry takes over. */
export const ABANDONED_AFTER_MS = 30_000;

export interface StoredResponse {
  readonly status: number;
  readonly body: unknown;
}

export type IdempotencyEvent =
  | {
      type: 'IdempotencyKeyClaimed';
      data: { requestHash: string; resourceId: string; claimedAt: string };
    }
  | { type: 'IdempotentResponseRecorded'; data: { status: number; body: unknown; at: string } }
  | { type: 'IdempotencyKeyReleased'; data: { at: string } };

export type IdempotencyCommand =
  | { type: 'ClaimKey'; data: { requestHash: string; resourceId: string; now: Date } }
  | { type: 'RecordResponse'; data: { response: StoredResponse; now: Date } }
  | { type: 'ReleaseKey'; data: { now: Date } };

export interface IdempotencyState {
  readonly claim: {
    readonly requestHash: string;
    readonly resourceId: string;
    readonly claimedAt: number;
    readonly response: StoredResponse | null;
  } | null;
}

/**
 * One Idempotency-Key of one organization (`idempotency-{orgId}-{hash}`):
 * claimed by the first request, answered by its stored response for 24 h.
 * The same key with another payload is a 422; while the first request runs,
 * a 409; a claim abandoned by a crashed request is taken over with the same
 * resource id, so the retry finishes the same work instead of doing it twice.
 */
export function decideIdempotency(
  command: IdempotencyCommand,
  state: IdempotencyState,
): IdempotencyEvent[] {
  const at = command.data.now.toISOString();
  const now = command.data.now.getTime();
  const claim = state.claim;
  switch (command.type) {
    case 'ClaimKey': {
      const { requestHash, resourceId } = command.data;
      if (!claim || now - claim.claimedAt >= IDEMPOTENCY_TTL_MS)
        return [
          { type: 'IdempotencyKeyClaimed', data: { requestHash, resourceId, claimedAt: at } },
        ];
      if (claim.requestHash !== requestHash) {
        throw new QuarryError(
          'idempotency_mismatch',
          'This Idempotency-Key was used with a different request; use a new key for a new request',
        );
      }
      if (claim.response) return [];
      if (now - claim.claimedAt < ABANDONED_AFTER_MS) {
        throw new QuarryError(
          'conflict',
          'A request with this Idempotency-Key is still in flight; retry once it has finished',
          [{ code: 'idempotent_request_in_flight', message: 'Retry in a moment' }],
          1,
        );
      }
      return [
        {
          type: 'IdempotencyKeyClaimed',
          data: { requestHash, resourceId: claim.resourceId, claimedAt: at },
        },
      ];
    }
    case 'RecordResponse':
      if (!claim || claim.response) return [];
      return [{ type: 'IdempotentResponseRecorded', data: { ...command.data.response, at } }];
    case 'ReleaseKey':
      if (!claim || claim.response) return [];
      return [{ type: 'IdempotencyKeyReleased', data: { at } }];
  }
}

export function evolveIdempotency(
  state: IdempotencyState,
  event: IdempotencyEvent,
): IdempotencyState {
  switch (event.type) {
    case 'IdempotencyKeyClaimed':
      return {
        claim: {
          requestHash: event.data.requestHash,
          resourceId: event.data.resourceId,
          claimedAt: Date.parse(event.data.claimedAt),
          response: null,
        },
      };
    case 'IdempotentResponseRecorded':
      return state.claim
        ? {
            claim: {
              ...state.claim,
              response: { status: event.data.status, body: event.data.body },
            },
          }
        : state;
    case 'IdempotencyKeyReleased':
      return { claim: null };
  }
}

export const idempotencyDecider: Decider<IdempotencyCommand, IdempotencyEvent, IdempotencyState> = {
  initialState: { claim: null },
  decide: decideIdempotency,
  evolve: evolveIdempotency,
};
