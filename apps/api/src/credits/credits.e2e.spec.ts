import { CommandBus } from '@nestjs/cqrs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { Clock } from '@quarry/clock';
import { ReserveCredits, SettleReservation } from '@quarry/ledger';
import type { LedgerDecision } from '@quarry/ledger';
import { waitForProjection } from '@quarry/projection-engine';
import { startTestQuarry } from '../../../../test/harness/quarry-app';
import type { TestQuarry } from '../../../../test/harness/quarry-app';

const MINUTE = 60_000;

describe('credits: account, transactions, usage, adjustments, refunds, audit', () => {
  let quarry: TestQuarry;
  let customer: { orgId: string; keyId: string; key: string };
  let operator: { orgId: string; keyId: string; key: string };
  let bus: CommandBus;
  // Injected time: entries get distinct instants for point-in-time replays.
  let offsetMs = 0;
  const clock: Clock = { now: () => new Date(Date.UTC(2026, 10, 24, 9, 0) + offsetMs) };

  beforeAll(async () => {
    quarry = await startTestQuarry({ clock });
    customer = await quarry.organization(['billing:read', 'audit:read'], 'pro');
    operator = await quarry.organization(['admin', 'audit:read']);
    bus = quarry.app.get(CommandBus);
  });

  afterAll(async () => {
    await quarry.close();
  });

  const as = (key: string) => ({
    get: (path: string) => request(quarry.url).get(path).set('Authorization', `Bearer ${key}`),
    post: (path: string, body: unknown) =>
      request(quarry.url)
        .post(path)
        .set('Authorization', `Bearer ${key}`)
        .send(body as object),
  });
  const adjust = (orgId: string, body: object) =>
    as(operator.key).post(`/v1/admin/orgs/${orgId}/credits`, body);
  const reserve = (orgId: string, reservationId: string, amount: number, jobId?: string) =>
    bus.execute<ReserveCredits, LedgerDecision>(
      new ReserveCredits(
        {
          orgId,
          reservationId,
          amount,
          reason: { jobId, description: `Scrape job ${jobId ?? reservationId}` },
          expiresAt: new Date(clock.now().getTime() + 60 * MINUTE),
        },
        { actor: 'system:test' },
      ),
    );
  const settle = async (orgId: string, reservationId: string, amount: number) => {
    const decision = await bus.execute<SettleReservation, LedgerDecision>(
      new SettleReservation({ orgId, reservationId, amount }, { actor: 'system:test' }),
    );
    await waitForProjection(quarry.app.get(DataSource), 'ledger', decision.position, 5000);
  };

  it('grants, refuses a reservation it cannot cover (402), settles, refunds: a statement with running balances', async () => {
    offsetMs = 0;
    const granted = await adjust(customer.orgId, {
      delta_credits: 100,
      note: 'Welcome credits',
      idempotency_key: 'welcome',
    }).expect(200);
    expect(granted.body).toMatchObject({ balance_after: 100, delta_credits: 100, replayed: false });

    offsetMs = 1 * MINUTE;
    await expect(reserve(customer.orgId, 'res_too_big', 120, 'job_big')).rejects.toMatchObject({
      code: 'insufficient_credits',
      message: 'Insufficient credits. Required 120, available 100.',
    });

    offsetMs = 2 * MINUTE;
    await reserve(customer.orgId, 'res_1', 30, 'job_1');
    offsetMs = 3 * MINUTE;
    await settle(customer.orgId, 'res_1', 20);

    offsetMs = 4 * MINUTE;
    const refund = await as(operator.key)
      .post(`/v1/admin/orgs/${customer.orgId}/refunds`, {
        job_id: 'job_1',
        amount: 5,
        note: 'Two pages failed',
        idempotency_key: 'refund-job_1',
      })
      .expect(200);
    expect(refund.body).toMatchObject({
      reservation_id: 'res_1',
      job_id: 'job_1',
      amount: 5,
      balance_after: 85,
      replayed: false,
    });

    const statement = await as(customer.key).get('/v1/credits/transactions').expect(200);
    expect(
      statement.body.data.map(
        (t: { type: string; amount: number; running_balance: number; reserved_after: number }) => [
          t.type,
          t.amount,
          t.running_balance,
          t.reserved_after,
        ],
      ),
    ).toEqual([
      ['refund', 5, 85, 0],
      ['deduction', -20, 80, 0],
      ['reservation', 0, 100, 30],
      ['adjustment', 100, 100, 0],
    ]);
    expect(statement.body.data[1]).toMatchObject({ job_id: 'job_1', object: 'credit_transaction' });
    expect(statement.body.data[0].id).toMatch(/^txn_[0-9a-f]{32}$/);

    const account = await as(customer.key).get('/v1/account').expect(200);
    expect(account.body).toMatchObject({
      id: customer.orgId,
      plan: 'pro',
      credits: { balance: 85, reserved: 0, available: 85, total_used: 15, total_refunded: 5 },
    });

    const usage = await as(customer.key)
      .get('/v1/credits/usage?start_date=2026-11-24&end_date=2026-11-25')
      .expect(200);
    expect(usage.body).toMatchObject({
      total_used: 15,
      days: [{ date: '2026-11-24', credits_used: 15 }],
      jobs: [{ job_id: 'job_1', credits_used: 15 }],
    });

    const deductions = await as(customer.key)
      .get('/v1/credits/transactions?type=deduction,refund&limit=1')
      .expect(200);
    expect(deductions.body.data.map((t: { type: string }) => t.type)).toEqual(['refund']);
    const next = await as(customer.key)
      .get(
        `/v1/credits/transactions?type=deduction,refund&limit=1&cursor=${deductions.body.pagination.next_cursor}`,
      )
      .expect(200);
    expect(next.body.data.map((t: { type: string }) => t.type)).toEqual(['deduction']);
    expect(next.body.pagination).toEqual({ has_more: false, next_cursor: null });
  });

  it('answers a retried adjustment as the first time, and refuses the same key for another adjustment (422)', async () => {
    const org = await quarry.organization(['billing:read']);
    const body = { delta_credits: 40, note: 'Goodwill', idempotency_key: 'gw-1' };
    const first = await adjust(org.orgId, body).expect(200);
    const again = await adjust(org.orgId, body).expect(200);
    expect(again.body).toEqual({ ...first.body, replayed: true });
    const other = await adjust(org.orgId, { ...body, delta_credits: 41 }).expect(422);
    expect(other.body.error.code).toBe('idempotency_mismatch');
    const taken = await adjust(org.orgId, {
      delta_credits: -50,
      note: 'Too much',
      idempotency_key: 'gw-2',
    }).expect(402);
    expect(taken.body.error.message).toBe('Insufficient credits. Required 50, available 40.');
    const statement = await as(org.key).get('/v1/credits/transactions').expect(200);
    expect(statement.body.data).toHaveLength(1);
  });

  it('reserves exactly what is available under 50 concurrent reservations', async () => {
    const org = await quarry.organization(['billing:read']);
    await adjust(org.orgId, { delta_credits: 100, note: 'Budget', idempotency_key: 'b' }).expect(
      200,
    );
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => reserve(org.orgId, `res_c${i}`, 10, `job_c${i}`)),
    );
    const refused = outcomes.filter((o) => o.status === 'rejected');
    expect(outcomes.length - refused.length).toBe(10);
    for (const r of refused) expect(r.reason).toMatchObject({ code: 'insufficient_credits' });
    const last = outcomes
      .filter((o): o is PromiseFulfilledResult<LedgerDecision> => o.status === 'fulfilled')
      .reduce((max, o) => (o.value.position > max ? o.value.position : max), 0n);
    await waitForProjection(quarry.app.get(DataSource), 'ledger', last, 5000);
    const account = await as(org.key).get('/v1/account').expect(200);
    expect(account.body.credits).toMatchObject({ balance: 100, reserved: 100, available: 0 });
  });

  it('replays the ledger as of a past instant from the events, equal to the running balance then', async () => {
    const at = new Date(Date.UTC(2026, 10, 24, 9, 2, 30)).toISOString(); // after the reservation, before the settlement
    const replay = await as(customer.key)
      .get(`/v1/audit/ledger?org_id=${customer.orgId}&as_of=${at}`)
      .expect(200);
    expect(replay.body).toMatchObject({ events: 2, balance: 100, reserved: 30, available: 70 });
    expect(replay.body.data.map((e: { type: string }) => e.type)).toEqual([
      'adjustment',
      'reservation',
    ]);
    const statement = await as(customer.key).get('/v1/credits/transactions').expect(200);
    const then = statement.body.data.find((t: { type: string }) => t.type === 'reservation');
    expect(replay.body.balance).toBe(then.running_balance);

    const other = await quarry.organization(['audit:read']);
    await as(other.key).get(`/v1/audit/ledger?org_id=${customer.orgId}`).expect(404);
    await as(customer.key)
      .get(`/v1/audit/ledger?org_id=${customer.orgId}&as_of=yesterday`)
      .expect(400);
  });

  it('verifies, then names the organization, the entry and what is wrong after tampering', async () => {
    const ok = await as(customer.key).get('/v1/audit/ledger/verify').expect(200);
    expect(ok.body).toMatchObject({ ok: true, organizations: 1 });
    expect(ok.body.data[0]).toMatchObject({ org_id: customer.orgId, ok: true, events: 4 });

    const dataSource = quarry.app.get(DataSource);
    const [row] = await dataSource.query<{ txn_id: string }[]>(
      `SELECT txn_id FROM ledger_entries WHERE org_id = $1 AND type = 'deduction'`,
      [customer.orgId],
    );
    await dataSource.query('UPDATE ledger_entries SET amount = -2 WHERE txn_id = $1', [row.txn_id]);
    const tampered = await as(operator.key)
      .get(`/v1/audit/ledger/verify?org_id=${customer.orgId}`)
      .expect(200);
    expect(tampered.body.ok).toBe(false);
    expect(tampered.body.data[0].read_model_problems).toEqual([
      {
        entry: row.txn_id,
        sequence: 3,
        message: 'amount is -2 in ledger_entries, -20 in the events',
      },
    ]);
    await dataSource.query('UPDATE ledger_entries SET amount = -20 WHERE txn_id = $1', [
      row.txn_id,
    ]);

    // An event changed in the log itself (the immutability trigger switched off for the test).
    await dataSource.transaction(async (manager) => {
      await manager.query('ALTER TABLE events DISABLE TRIGGER events_immutable');
      await manager.query(
        `UPDATE events SET data = jsonb_set(data, '{charged}', '2') WHERE stream_id = $1 AND type = 'ReservationSettled'`,
        [`credits-${customer.orgId}`],
      );
      await manager.query('ALTER TABLE events ENABLE TRIGGER events_immutable');
    });
    const forged = await as(operator.key)
      .get(`/v1/audit/ledger/verify?org_id=${customer.orgId}`)
      .expect(200);
    expect(forged.body.ok).toBe(false);
    expect(forged.body.data[0].event_problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ sequence: 3, kind: 'hash_mismatch' })]),
    );
  });

  describe('bad input changes nothing', () => {
    it.each([
      [{ note: 'x', idempotency_key: 'k' }, 'delta_credits'],
      [{ delta_credits: 0, note: 'x', idempotency_key: 'k' }, 'delta_credits'],
      [{ delta_credits: '5', note: 'x', idempotency_key: 'k' }, 'delta_credits'],
      [{ delta_credits: 1.5, note: 'x', idempotency_key: 'k' }, 'delta_credits'],
      [{ delta_credits: 5, idempotency_key: 'k' }, 'note'],
      [{ delta_credits: 5, note: 'x' }, 'idempotency_key'],
      [{ delta_credits: 5, note: 'x', idempotency_key: 'k', extra: 1 }, 'extra'],
    ])('adjustment %j → 400 naming %s', async (body, field) => {
      const res = await adjust(customer.orgId, body).expect(400);
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    });

    it('refuses unknown organizations (404) and keys without admin (403)', async () => {
      await adjust('org_00000000000000000000', {
        delta_credits: 5,
        note: 'x',
        idempotency_key: 'k',
      }).expect(404);
      await as(customer.key)
        .post(`/v1/admin/orgs/${customer.orgId}/credits`, {
          delta_credits: 5,
          note: 'x',
          idempotency_key: 'k',
        })
        .expect(403);
      await as(operator.key)
        .post(`/v1/admin/orgs/${customer.orgId}/refunds`, {
          job_id: 'job_none',
          amount: 1,
          note: 'x',
          idempotency_key: 'r',
        })
        .expect(404);
    });

    it.each([
      '/v1/credits/transactions?type=gift',
      '/v1/credits/transactions?start_date=tomorrow',
      '/v1/credits/transactions?start_date=2026-12-01&end_date=2026-11-01',
      '/v1/credits/transactions?cursor=not-a-cursor',
      '/v1/credits/usage?start_date=2024-01-01&end_date=2026-01-01',
    ])('%s → 400', async (path) => {
      await as(customer.key).get(path).expect(400);
    });
  });
});
