import { createHash } from 'node:crypto';
import type { CreditsCommand } from './credits/credits.commands';
import { decideCredits } from './credits/credits.decider';
import type { CreditsEvent } from './credits/credits.events';
import { evolveCredits, initialCreditsState } from './credits/credits.state';
import { GENESIS_HASH, hashLedgerEvent, verifyChain } from './ledger-hash';

const now = new Date('2026-11-23T10:00:00.000Z');
const later = new Date('2026-11-24T10:00:00.000Z');

/** A real five-event chain, as the decider writes it. */
function ledger(): CreditsEvent[] {
  const commands: CreditsCommand[] = [
    {
      type: 'GrantCredits',
      data: {
        grantId: 'g1',
        kind: 'purchase',
        amount: 100,
        expiresAt: null,
        note: null,
        paymentRef: 'cs_1',
        now,
      },
    },
    {
      type: 'ReserveCredits',
      data: {
        reservationId: 'r1',
        amount: 40,
        reason: { description: 'job' },
        expiresAt: later,
        now,
      },
    },
    { type: 'SettleReservation', data: { reservationId: 'r1', amount: 25, now } },
    {
      type: 'RefundCharge',
      data: { reservationId: 'r1', amount: 5, idempotencyKey: 'rf-1', note: 'failed', now },
    },
    { type: 'AdjustCredits', data: { idempotencyKey: 'a1', delta: 7, note: 'goodwill', now } },
  ];
  let state = initialCreditsState;
  const events: CreditsEvent[] = [];
  for (const command of commands) {
    for (const event of decideCredits(command, state)) {
      events.push(event);
      state = evolveCredits(state, event);
    }
  }
  return events;
}

/** A stored copy (JSON round trip) with one event's data changed. */
function tampered(
  events: readonly CreditsEvent[],
  sequence: number,
  change: (data: Record<string, unknown>) => void,
): { type: string; data: Record<string, unknown> }[] {
  const copy = JSON.parse(JSON.stringify(events)) as {
    type: string;
    data: Record<string, unknown>;
  }[];
  change(copy[sequence - 1].data);
  return copy;
}

const rehash = (event: { type: string; data: Record<string, unknown> }) => {
  const { hash: _hash, ...content } = event.data;
  event.data.hash = hashLedgerEvent(event.type, content);
};

describe('ledger hash chain', () => {
  it('hashes the RFC 8785 canonical JSON of {type, data without hash}', () => {
    const data = {
      sequence: 1,
      prevHash: GENESIS_HASH,
      amount: 10,
      note: 'é',
      nested: { b: 1, a: [2, null] },
    };
    const canonical = `{"data":{"amount":10,"nested":{"a":[2,null],"b":1},"note":"é","prevHash":"${GENESIS_HASH}","sequence":1},"type":"CreditsGranted"}`;
    expect(hashLedgerEvent('CreditsGranted', data)).toBe(
      createHash('sha256').update(canonical, 'utf8').digest('hex'),
    );
    expect(hashLedgerEvent('CreditsGranted', data)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses undefined, which the event store would not keep', () => {
    expect(() => hashLedgerEvent('CreditsGranted', { note: undefined })).toThrow(/undefined/);
  });

  it('verifies an untouched ledger, and an empty one', () => {
    expect(verifyChain(ledger())).toEqual({ ok: true });
    expect(verifyChain([])).toEqual({ ok: true });
  });

  it('verifies a ledger read back with its keys reordered (as JSONB stores them)', () => {
    const reordered = ledger().map((event) => ({
      type: event.type,
      data: Object.fromEntries(Object.entries(event.data).reverse()),
    }));
    expect(verifyChain(reordered)).toEqual({ ok: true });
  });

  it.each<[string, number, (data: Record<string, unknown>) => void]>([
    ['a granted amount', 1, (d) => (d.amount = 1000)],
    ['a charged amount', 3, (d) => (d.charged = 1)],
    ['a refunded amount', 4, (d) => (d.amount = 15)],
    ['a running balance', 2, (d) => (d.balanceAfter = { available: 600, reserved: 40 })],
    ['a time', 5, (d) => (d.at = '2020-01-01T00:00:00.000Z')],
    ['an added field', 3, (d) => (d.bonus = 1)],
  ])('names the sequence of the event where %s was changed', (_, sequence, change) => {
    expect(verifyChain(tampered(ledger(), sequence, change))).toEqual({
      ok: false,
      sequence,
      reason: 'hash_mismatch',
      message: expect.stringContaining(`Event ${sequence} `) as unknown,
    });
  });

  it('given a changed event whose own hash was recomputed, names the next one, whose link broke', () => {
    const events = tampered(ledger(), 3, (d) => (d.charged = 1));
    rehash(events[2]);
    expect(verifyChain(events)).toMatchObject({
      ok: false,
      sequence: 4,
      reason: 'broken_prev_hash',
    });
  });

  it('cannot see a rewritten tail on its own: the last hash must also be kept elsewhere', () => {
    const events = tampered(ledger(), 4, (d) => (d.amount = 1));
    let prevHash = events[2].data.hash;
    for (const event of events.slice(3)) {
      event.data.prevHash = prevHash;
      rehash(event);
      prevHash = event.data.hash;
    }
    const last = events[4];
    expect(verifyChain(events)).toEqual({ ok: true });
    expect(last.data.hash).not.toBe(ledger()[4].data.hash);
  });

  it('names the first missing sequence when an event is gone', () => {
    const events = ledger();
    expect(verifyChain([...events.slice(0, 2), ...events.slice(3)])).toMatchObject({
      ok: false,
      sequence: 3,
      reason: 'sequence_gap',
    });
    expect(verifyChain(events.slice(1))).toMatchObject({
      ok: false,
      sequence: 1,
      reason: 'sequence_gap',
    });
  });

  it('reports duplicated and swapped events', () => {
    const events = ledger();
    expect(verifyChain([...events.slice(0, 3), events[2]])).toMatchObject({
      sequence: 4,
      reason: 'sequence_gap',
    });
    expect(verifyChain([events[0], events[2], events[1]])).toMatchObject({
      sequence: 2,
      reason: 'sequence_gap',
    });
  });

  it('reports a first event that does not start from the genesis hash', () => {
    const events = tampered(ledger(), 1, (d) => (d.prevHash = 'f'.repeat(64)));
    rehash(events[0]);
    expect(verifyChain(events)).toMatchObject({
      ok: false,
      sequence: 1,
      reason: 'broken_prev_hash',
    });
  });

  it('reports an event without chain fields as a mismatch rather than throwing', () => {
    expect(verifyChain([{ type: 'CreditsGranted', data: { amount: 1 } }])).toMatchObject({
      ok: false,
      sequence: 1,
      reason: 'hash_mismatch',
    });
  });
});
