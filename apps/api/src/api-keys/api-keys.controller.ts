import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { CLOCK } from '@quarry/clock';
import type { Clock } from '@quarry/clock';
import { PooledQueries } from '@quarry/database';
import { QuarryError } from '@quarry/errors';
import { CreateApiKey, RevokeApiKey, RotateApiKey } from '@quarry/identity';
import type { CommandContext } from '@quarry/eventstore';
import type {
  ApiKeyCreatedResult,
  ApiKeyRevokedResult,
  ApiKeyRotatedResult,
} from '@quarry/identity';
import { waitForProjection } from '@quarry/projection-engine';
import { CurrentPrincipal, KeyCache, RequestContext, RequireAnyKey, RequireScopes } from '../auth';
import type { Principal } from '../auth';
import type { Page } from '../pagination/cursor';
import { CursorPageQuery, keysetPage } from '../pagination/page-query';
import { CreateApiKeyBody } from './api-keys.dto';

const KEY_ID = /^key_[0-9a-z]{20}$/;

/** An api_keys read-model row, with when the key was last used. */
interface ApiKeyRow {
  readonly key_id: string;
  readonly name: string;
  readonly prefix: string;
  readonly hint: string;
  readonly scopes: string[];
  readonly environment: string;
  readonly status: string;
  readonly expires_at: Date | null;
  readonly created_at: Date;
  readonly last_used_at: Date | null;
}

const KEY_COLUMNS = `k.key_id, k.name, k.prefix, k.hint, k.scopes, k.environment, k.status,
  k.expires_at, k.created_at, u.last_used_at`;
const KEYS_WITH_USAGE = 'api_keys k LEFT JOIN api_key_usage u ON u.key_id = k.key_id';

/** Never the secret: its prefix and last four characters identify a key. */
function present(key: ApiKeyRow, now: Date) {
  const expired =
    key.status !== 'revoked' &&
    key.expires_at !== null &&
    key.expires_at.getTime() <= now.getTime();
  return {
    id: key.key_id,
    object: 'api_key' as const,
    name: key.name,
    prefix: key.prefix,
    hint: key.hint,
    scopes: key.scopes,
    environment: key.environment,
    status: expired ? 'expired' : key.status,
    last_used_at: key.last_used_at?.toISOString() ?? null,
    created_at: key.created_at.toISOString(),
    expires_at: key.expires_at?.toISOString() ?? null,
  };
}

type ApiKeyBody = ReturnType<typeof present>;

@ApiTags('api keys')
@ApiBearerAuth('api_key')
@Controller('v1/api-keys')
@RequireScopes('keys:manage')
export class ApiKeysController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reads: PooledQueries,
    private readonly commandBus: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly keyCache: KeyCache,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a key; its secret is in this response only' })
  async create(
    @Body() body: CreateApiKeyBody,
    @CurrentPrincipal() principal: Principal,
    @RequestContext() context: CommandContext,
  ): Promise<ApiKeyBody & { secret: string }> {
    // A key cannot hand out more than it holds.
    const beyond = body.scopes.find((scope) => !principal.scopes.has(scope));
    if (beyond)
      throw new QuarryError(
        'forbidden',
        `This API key cannot grant the scope ${beyond}, which it does not hold`,
      );
    const created = await this.commandBus.execute<CreateApiKey, ApiKeyCreatedResult>(
      new CreateApiKey(
        {
          orgId: principal.orgId,
          name: body.name,
          scopes: body.scopes,
          environment: body.environment ?? 'live',
          expiresAt: body.expires_at ? new Date(body.expires_at) : null,
        },
        context,
      ),
    );
    await waitForProjection(this.dataSource, 'api_keys', created.position, 5000);
    return {
      ...present(await this.find(principal, created.keyId), this.clock.now()),
      secret: created.secret,
    };
  }

  @Get()
  @ApiOperation({ summary: "The organization's keys, oldest first" })
  list(
    @Query() query: CursorPageQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Page<ApiKeyBody>> {
    const now = this.clock.now();
    return keysetPage<ApiKeyRow, ApiKeyBody>(
      this.reads,
      {
        select: KEY_COLUMNS,
        from: KEYS_WITH_USAGE,
        alias: 'k',
        where: 'k.org_id = $1',
        params: [principal.orgId],
        id: { column: 'key_id', pattern: KEY_ID },
      },
      query,
      (key) => present(key, now),
    );
  }

  @Get('current')
  @RequireAnyKey()
  @ApiOperation({
    summary: 'The key making this request: its organization, plan, scopes and expiry',
    description: 'Any valid key may call it, whatever its scopes.',
  })
  current(@CurrentPrincipal() principal: Principal) {
    const { key } = principal;
    return {
      id: key.key_id,
      object: 'api_key' as const,
      name: key.name,
      prefix: key.prefix,
      hint: key.hint,
      scopes: key.scopes,
      environment: key.environment,
      status: key.status,
      organization: { id: key.org_id, plan: key.plan },
      created_at: key.created_at.toISOString(),
      expires_at: key.expires_at?.toISOString() ?? null,
    };
  }

  @Post(':id/rotate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'RotateKey: a new key with the same name, scopes and environment',
    description:
      'The old key keeps working for exactly 24 h (or until its own expiry, if sooner); revoke it to end that at once.',
  })
  async rotate(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
    @RequestContext() context: CommandContext,
  ): Promise<{ new_key: ApiKeyBody & { secret: string }; old_key_expires_at: string }> {
    await this.find(principal, id);
    const rotated = await this.commandBus.execute<RotateApiKey, ApiKeyRotatedResult>(
      new RotateApiKey({ keyId: id }, context),
    );
    await waitForProjection(this.dataSource, 'api_keys', rotated.position, 5000);
    await this.keyCache.invalidate();
    return {
      new_key: {
        ...present(await this.find(principal, rotated.newKeyId), this.clock.now()),
        secret: rotated.secret,
      },
      old_key_expires_at: rotated.oldKeyExpiresAt.toISOString(),
    };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a key at once (also one inside its rotation overlap)' })
  async revoke(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
    @RequestContext() context: CommandContext,
  ): Promise<void> {
    await this.find(principal, id);
    const revoked = await this.commandBus.execute<RevokeApiKey, ApiKeyRevokedResult>(
      new RevokeApiKey({ keyId: id }, context),
    );
    // The next request with this key must be refused, on every instance.
    await waitForProjection(this.dataSource, 'api_keys', revoked.position, 5000);
    await this.keyCache.invalidate();
  }

  /** Another organization's key is as unknown as a key that never existed. */
  private async find(principal: Principal, id: string): Promise<ApiKeyRow> {
    const [key] = KEY_ID.test(id)
      ? await this.reads.rows<ApiKeyRow>(
          `SELECT ${KEY_COLUMNS} FROM ${KEYS_WITH_USAGE} WHERE k.key_id = $1 AND k.org_id = $2`,
          [id, principal.orgId],
        )
      : [];
    if (!key) throw new QuarryError('not_found', `API key ${id} not found`);
    return key;
  }
}
