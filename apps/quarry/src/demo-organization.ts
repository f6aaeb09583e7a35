import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { CreateApiKey, CreateOrganization, SCOPES } from '@quarry/identity';
import type { ApiKeyCreatedResult, OrganizationCreatedResult } from '@quarry/identity';
import { waitForProjection } from '@quarry/projection-engine';

/**
 * On the first start of the embedded default, creates a demo organization and
 * a key with every scope. The key is kept in the data folder (mode 600) so
 * later starts can print it again; the database only has its hash.
 */
export async function ensureDemoOrganization(
  app: INestApplicationContext,
  dataDir: string,
): Promise<string> {
  const file = join(dataDir, 'demo-api-key');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const commandBus = app.get(CommandBus);
  const context = { actor: 'operator:bootstrap' };
  const org = await commandBus.execute<CreateOrganization, OrganizationCreatedResult>(
    new CreateOrganization({ name: 'Demo organization', plan: 'pro' }, context),
  );
  const key = await commandBus.execute<CreateApiKey, ApiKeyCreatedResult>(
    new CreateApiKey(
      {
        orgId: org.orgId,
        name: 'Demo key',
        scopes: [...SCOPES],
        environment: 'live',
        expiresAt: null,
      },
      context,
    ),
  );
  // Read your writes: the key must work for the first request after the banner.
  await waitForProjection(app.get(DataSource), 'api_keys', key.position, 15_000);
  await writeFile(file, `${key.secret}\n`, { mode: 0o600 });
  return key.secret;
}
