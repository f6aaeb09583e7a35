import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { bootstrapOrganization } from '@quarry/identity';
import { GrantCredits } from '@quarry/ledger';
import { waitForProjection } from '@quarry/projection-engine';

/** Enough for a first few scrapes without buying anything. */
const DEMO_CREDITS = 500;

/**
 * On the first start of the embedded default, creates a demo organization
 * with free-tier credits and a key with every scope. The key is kept in the data folder (mode 600) so
 * later starts can print it again; the database only has its hash.
 */
export async function ensureDemoOrganization(
  app: INestApplicationContext,
  dataDir: string,
): Promise<string> {
  const file = join(dataDir, 'demo-api-key');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const key = await bootstrapOrganization(
    app.get(CommandBus),
    { name: 'Demo organization', plan: 'pro', keyName: 'Demo key' },
    { actor: 'operator:bootstrap' },
  );
  await app.get(CommandBus).execute(
    new GrantCredits(
      {
        orgId: key.orgId,
        grantId: 'demo-free-tier',
        kind: 'free_tier',
        amount: DEMO_CREDITS,
        expiresAt: null,
        note: 'Demo credits',
        paymentRef: null,
      },
      { actor: 'operator:bootstrap' },
    ),
  );
  // Read your writes: the key must work for the first request after the banner.
  await Promise.all([
    waitForProjection(app.get(DataSource), 'api_keys', key.position, 15_000),
    waitForProjection(app.get(DataSource), 'organizations', key.orgPosition, 15_000),
  ]);
  await writeFile(file, `${key.secret}\n`, { mode: 0o600 });
  return key.secret;
}
