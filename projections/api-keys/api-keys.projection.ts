import type { ApiKeyEvent } from '@quarry/identity';
import type { ProjectionDefinition } from '@quarry/projection-engine';

export const apiKeysProjection: ProjectionDefinition = {
  name: 'api_keys',
  version: 1,
  description: 'API keys by hash, for authentication and key listings.',
  filter: { streamPrefixes: ['apikey-'] },
  tables: ['api_keys'],
  createTables: (schema) => [
    `CREATE TABLE ${schema}.api_keys (
       key_id text PRIMARY KEY,
       org_id text NOT NULL,
       name text NOT NULL,
       key_hash text NOT NULL UNIQUE,
       prefix text NOT NULL,
       hint text NOT NULL,
       scopes text[] NOT NULL,
       environment text NOT NULL,
       status text NOT NULL,
       expires_at timestamptz,
       created_at timestamptz NOT NULL)`,
    `CREATE INDEX api_keys_org ON ${schema}.api_keys (org_id, created_at, key_id)`,
  ],
  async apply(events, { manager, table }) {
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as ApiKeyEvent;
      switch (event.type) {
        case 'ApiKeyCreated': {
          const d = event.data;
          await manager.query(
            `INSERT INTO ${table('api_keys')} (key_id, org_id, name, key_hash, prefix, hint, scopes, environment, status, expires_at, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'active', $9, $10)`,
            [
              d.keyId,
              d.orgId,
              d.name,
              d.keyHash,
              d.prefix,
              d.hint,
              d.scopes,
              d.environment,
              d.expiresAt,
              d.createdAt,
            ],
          );
          break;
        }
        case 'ApiKeyRotated':
          await manager.query(
            `UPDATE ${table('api_keys')} SET status = 'rotating', expires_at = $2 WHERE key_id = $1`,
            [event.data.keyId, event.data.overlapEndsAt],
          );
          break;
        case 'ApiKeyRevoked':
          await manager.query(
            `UPDATE ${table('api_keys')} SET status = 'revoked' WHERE key_id = $1`,
            [event.data.keyId],
          );
          break;
      }
    }
  },
};
