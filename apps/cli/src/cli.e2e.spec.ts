import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../test/harness';
import { TEST_PEPPER } from '../../../test/harness/quarry-app';

const run = promisify(execFile);
const MAIN = join(__dirname, 'main.ts');

/** The CLI as operators run it: a separate process against DATABASE_URL. */
describe('quarry CLI', () => {
  let db: TestDatabase;
  const quarry = (...args: string[]) =>
    run(process.execPath, ['-r', '@swc-node/register', MAIN, ...args], {
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        API_KEY_PEPPER: TEST_PEPPER,
        LOG_LEVEL: 'silent',
      },
    });

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db.drop();
  });

  it('creates an organization with a key, shows projection status, and rebuilds one', async () => {
    const created = JSON.parse(
      (await quarry('orgs', 'create', '--name', 'Acme', '--plan', 'pro', '--json')).stdout,
    ) as {
      org_id: string;
      api_key: string;
    };
    expect(created.org_id).toMatch(/^org_[0-9a-z]{20}$/);
    expect(created.api_key).toMatch(/^qk_live_/);

    const status = JSON.parse((await quarry('projections', 'status', '--json')).stdout) as {
      name: string;
      state: string;
      lagEvents: number;
    }[];
    // No worker runs here: the new events wait in every projection's lag.
    expect(status.map((s) => [s.name, s.state, s.lagEvents])).toEqual([
      ['audit_events', 'not_started', 2],
      ['organizations', 'not_started', 1],
      ['api_keys', 'not_started', 1],
      ['ledger', 'not_started', 0],
      ['jobs', 'not_started', 0],
    ]);

    const rebuilt = await quarry('projections', 'rebuild', 'audit_events');
    expect(rebuilt.stdout).toMatch(/Rebuilt audit_events: generation 1 → 2, 2 events/);
    const after = JSON.parse((await quarry('projections', 'status', '--json')).stdout) as {
      name: string;
      lagEvents: number;
      generation: number;
    }[];
    expect(after.find((s) => s.name === 'audit_events')).toMatchObject({
      lagEvents: 0,
      generation: 2,
    });
  });

  it('creates a key with chosen scopes for an organization, and refuses an unknown organization or scope', async () => {
    const org = JSON.parse(
      (await quarry('orgs', 'create', '--name', 'Keys Inc', '--json')).stdout,
    ) as { org_id: string };
    const key = JSON.parse(
      (
        await quarry(
          'keys',
          'create',
          '--org',
          org.org_id,
          '--scopes',
          'jobs:read,jobs:write',
          '--json',
        )
      ).stdout,
    ) as { key_id: string; api_key: string; scopes: string[] };
    expect(key.key_id).toMatch(/^key_/);
    expect(key.api_key).toMatch(/^qk_live_/);
    expect(key.scopes).toEqual(['jobs:read', 'jobs:write']);
    await expect(
      quarry('keys', 'create', '--org', 'org_00000000000000000000', '--scopes', 'jobs:read'),
    ).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Organization org_00000000000000000000 not found'),
    });
    await expect(
      quarry('keys', 'create', '--org', org.org_id, '--scopes', 'jobs:read,root'),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining('unknown scope root'),
    });
  });

  it('refuses an unknown projection and a bad plan with a clear message and a failing exit code', async () => {
    await expect(quarry('projections', 'rebuild', 'nope')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining(
        'No projection named nope. Known: audit_events, organizations, api_keys, ledger, jobs',
      ),
    });
    await expect(quarry('orgs', 'create', '--name', 'X', '--plan', 'gold')).rejects.toMatchObject({
      stderr: expect.stringContaining('plan must be one of free, starter, pro, enterprise'),
    });
  });

  it('renames an organization and changes its plan, and refuses an empty update, an unknown organization or a bad plan', async () => {
    const org = JSON.parse(
      (await quarry('orgs', 'create', '--name', 'Old Name', '--json')).stdout,
    ) as { org_id: string };
    const updated = JSON.parse(
      (
        await quarry(
          'orgs',
          'update',
          org.org_id,
          '--name',
          ' New Name ',
          '--plan',
          'starter',
          '--json',
        )
      ).stdout,
    ) as unknown;
    // No worker runs here: the change is recorded, and the read model shows it once projected.
    expect(updated).toEqual({
      org_id: org.org_id,
      name: 'New Name',
      plan: 'starter',
      applied: false,
    });
    await quarry('projections', 'rebuild', 'organizations');
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        'SELECT name, plan FROM organizations WHERE org_id = $1',
        [org.org_id],
      );
      expect(rows).toEqual([{ name: 'New Name', plan: 'starter' }]);
    } finally {
      await client.end();
    }

    await expect(quarry('orgs', 'update', org.org_id)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Give --name, --plan or both'),
    });
    await expect(
      quarry('orgs', 'update', 'org_00000000000000000000', '--name', 'X'),
    ).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Organization org_00000000000000000000 not found'),
    });
    await expect(quarry('orgs', 'update', org.org_id, '--plan', 'gold')).rejects.toMatchObject({
      stderr: expect.stringContaining('plan must be one of free, starter, pro, enterprise'),
    });
  });

  it('grants free-tier credits at creation; replays and verifies the ledger, and fails verification after a tamper', async () => {
    const org = JSON.parse(
      (await quarry('orgs', 'create', '--name', 'Ledger Co', '--credits', '250', '--json')).stdout,
    ) as { org_id: string; credits: number };
    expect(org.credits).toBe(250);

    const replay = JSON.parse(
      (await quarry('ledger', 'replay', '--org', org.org_id, '--json')).stdout,
    ) as { balance: number; available: number; events: number; total_granted: number };
    expect(replay).toMatchObject({ balance: 250, available: 250, events: 1, total_granted: 250 });
    const csv = (await quarry('ledger', 'replay', '--org', org.org_id, '--csv')).stdout.split('\n');
    expect(csv[0]).toBe(
      'sequence,id,created_at,type,amount,running_balance,available_after,reserved_after,job_id,reservation_id,description,actor,request_id,hash',
    );
    expect(csv[1]).toMatch(
      /^1,txn_[0-9a-f]{32},[^,]+,free_tier,250,250,250,0,,,Free tier credits,operator:/,
    );
    const before = JSON.parse(
      (
        await quarry(
          'ledger',
          'replay',
          '--org',
          org.org_id,
          '--as-of',
          '2000-01-01T00:00:00Z',
          '--json',
        )
      ).stdout,
    ) as { balance: number; events: number };
    expect(before).toMatchObject({ balance: 0, events: 0 });

    // No worker runs here: build the ledger read model, then verify it against the events.
    await quarry('projections', 'rebuild', 'ledger');
    const verified = await quarry('ledger', 'verify', '--org', org.org_id);
    expect(verified.stdout).toContain(`${org.org_id}: ok (1 events, balance 250`);
    expect(verified.stdout).toContain('Verified 1 ledgers: all consistent.');

    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query('ALTER TABLE events DISABLE TRIGGER events_immutable');
      await client.query(
        `UPDATE events SET data = jsonb_set(data, '{amount}', '2500') WHERE stream_id = $1`,
        [`credits-${org.org_id}`],
      );
      await client.query('ALTER TABLE events ENABLE TRIGGER events_immutable');
      await client.query('COMMIT');
    } finally {
      await client.end();
    }
    await expect(quarry('ledger', 'verify', '--org', org.org_id)).rejects.toMatchObject({
      code: 1,
      stdout: expect.stringMatching(
        new RegExp(`${org.org_id}: DISCREPANCIES[\\s\\S]*event 1: hash_mismatch`),
      ),
    });
    await expect(quarry('orgs', 'create', '--name', 'X', '--credits', '-5')).rejects.toMatchObject({
      stderr: expect.stringContaining('credits must be a positive whole number'),
    });
  });
});
