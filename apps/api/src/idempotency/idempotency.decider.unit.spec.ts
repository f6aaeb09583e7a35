import type { QuarryError } from '@quarry/errors';
import {
  ABANDONED_AFTER_MS,
  decideIdempotency,
  evolveIdempotency,
  IDEMPOTENCY_TTL_MS,
} from './idempotency.decider';
import type { IdempotencyCommand, IdempotencyState } from './idempotency.decider';

const t0 = new Date('2026-11-24T10:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const claim = (requestHash: string, ms = 0): IdempotencyCommand => ({
  type: 'ClaimKey',
  data: { requestHash, resourceId: `job_${ms}`, now: at(ms) },
});
const answer = (ms: number): IdempotencyCommand => ({
  type: 'RecordResponse',
  data: { response: { status: 201, body: { id: 'job_0' } }, now: at(ms) },
});

function given(...commands: IdempotencyCommand[]): IdempotencyState {
  return commands.reduce(
    (state, command) => decideIdempotency(command, state).reduce(evolveIdempotency, state),
    { claim: null } as IdempotencyState,
  );
}

describe('idempotency keys', () => {
  it('claims a fresh key, then answers the same request from the stored response', () => {
    expect(decideIdempotency(claim('h'), given())).toMatchObject([
      { type: 'IdempotencyKeyClaimed' },
    ]);
    const answered = given(claim('h'), answer(10));
    expect(decideIdempotency(claim('h', 1000), answered)).toEqual([]);
    expect(answered.claim?.response).toEqual({ status: 201, body: { id: 'job_0' } });
  });

  it('refuses another payload with 422 and a concurrent retry with 409', () => {
    expect(() => decideIdempotency(claim('other', 5), given(claim('h'), answer(1)))).toThrow(
      expect.objectContaining({ code: 'idempotency_mismatch' }) as QuarryError,
    );
    expect(() => decideIdempotency(claim('h', 5), given(claim('h')))).toThrow(
      expect.objectContaining({ code: 'conflict' }) as QuarryError,
    );
  });

  it('lets a retry take over a claim abandoned by a crashed request, keeping its resource', () => {
    expect(decideIdempotency(claim('h', ABANDONED_AFTER_MS), given(claim('h')))).toMatchObject([
      { type: 'IdempotencyKeyClaimed', data: { resourceId: 'job_0' } },
    ]);
  });

  it('forgets a key after 24 h and after a failed request', () => {
    expect(
      decideIdempotency(claim('other', IDEMPOTENCY_TTL_MS), given(claim('h'), answer(1))),
    ).toMatchObject([{ type: 'IdempotencyKeyClaimed' }]);
    const released = given(claim('h'), { type: 'ReleaseKey', data: { now: at(1) } });
    expect(decideIdempotency(claim('other', 2), released)).toMatchObject([
      { type: 'IdempotencyKeyClaimed' },
    ]);
  });
});
