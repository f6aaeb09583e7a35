import { CommandBus } from '@nestjs/cqrs';
import request from 'supertest';
import type { Clock } from '@quarry/clock';
import { GrantCredits, ReserveCredits } from '@quarry/ledger';
import { startTestQuarry } from '../../../../test/harness/quarry-app';
import type { TestQuarry } from '../../../../test/harness/quarry-app';

const HOUR = 60 * 60 * 1000;

describe('credit expiry: reservations never settled, grants past their expiry', () => {
  let quarry: TestQuarry;
  let offsetMs = 0;
  const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };

  beforeAll(async () => {
    quarry = await startTestQuarry({ clock, env: { CREDIT_EXPIRY_INTERVAL_MS: '100' } });
  });

  afterAll(async () => {
    await quarry.close();
  });

  async function creditsOf(key: string) {
    const res = await request(quarry.url)
      .get('/v1/account')
      .set('Authorization', `Bearer ${key}`)
      .expect(200);
    return res.body.credits as { balance: number; reserved: number; available: number };
  }

  async function eventually(key: string, expected: object): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const credits = await creditsOf(key);
      if (Object.entries(expected).every(([k, v]) => credits[k as keyof typeof credits] === v))
        return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await creditsOf(key)).toMatchObject(expected);
  }

  it('releases a reservation at its timeout and expires what is left of a grant', async () => {
    offsetMs = 0;
    const org = await quarry.organization(['billing:read']);
    const bus = quarry.app.get(CommandBus);
    const system = { actor: 'system:test' };
    await bus.execute(
      new GrantCredits(
        {
          orgId: org.orgId,
          grantId: 'trial',
          kind: 'bonus',
          amount: 50,
          expiresAt: new Date(clock.now().getTime() + 48 * HOUR),
          note: 'Trial credits',
          paymentRef: null,
        },
        system,
      ),
    );
    await bus.execute(
      new ReserveCredits(
        {
          orgId: org.orgId,
          reservationId: 'res_stuck',
          amount: 20,
          reason: { jobId: 'job_stuck', description: 'A job whose worker vanished' },
          expiresAt: new Date(clock.now().getTime() + HOUR),
        },
        system,
      ),
    );
    await eventually(org.key, { balance: 50, reserved: 20, available: 30 });

    offsetMs = 2 * HOUR; // past the reservation's timeout
    await eventually(org.key, { balance: 50, reserved: 0, available: 50 });
    const statement = await request(quarry.url)
      .get('/v1/credits/transactions')
      .set('Authorization', `Bearer ${org.key}`)
      .expect(200);
    expect(statement.body.data[0]).toMatchObject({
      type: 'release',
      job_id: 'job_stuck',
      description: 'Reservation expired unsettled: released 20 credits',
    });

    offsetMs = 49 * HOUR; // past the grant's expiry
    await eventually(org.key, { balance: 0, reserved: 0, available: 0 });
  });
});
