import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { PooledQueries } from '@quarry/database';
import { QuarryError } from '@quarry/errors';
import {
  ChangeOrganizationPlan,
  RenameOrganization,
  SuspendOrganization,
  UnsuspendOrganization,
} from '@quarry/identity';
import type { OrganizationChanged, OrganizationStatusChanged } from '@quarry/identity';
import type { CommandContext } from '@quarry/eventstore';
import { waitForProjection } from '@quarry/projection-engine';
import { CurrentPrincipal, KeyCache, RequestContext, RequireScopes } from '../auth';
import type { Principal } from '../auth';
import type { Page } from '../pagination/cursor';
import { CursorPageQuery, keysetPage } from '../pagination/page-query';
import { SuspendOrganizationBody, UpdateOrganizationBody } from './admin-orgs.dto';

const ORG_ID = /^org_[0-9a-z]{20}$/;

interface OrganizationRow {
  readonly org_id: string;
  readonly name: string;
  readonly plan: string;
  readonly status: string;
  readonly created_at: Date;
}

const ORG_COLUMNS = 'o.org_id, o.name, o.plan, o.status, o.created_at';

const present = (o: OrganizationRow) => ({
  id: o.org_id,
  name: o.name,
  plan: o.plan,
  status: o.status,
  created_at: o.created_at.toISOString(),
});

type OrganizationBody = ReturnType<typeof present>;

/**
 * Operators: organizations, renaming one or changing its plan, and suspending
 * one (every call of its keys then gets 403).
 */
@ApiTags('admin')
@ApiBearerAuth('api_key')
@Controller('v1/admin/orgs')
@RequireScopes('admin')
export class AdminOrgsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reads: PooledQueries,
    private readonly commandBus: CommandBus,
    private readonly keyCache: KeyCache,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Organizations, oldest first' })
  list(@Query() query: CursorPageQuery): Promise<Page<OrganizationBody>> {
    return keysetPage(
      this.reads,
      {
        select: ORG_COLUMNS,
        from: 'organizations o',
        alias: 'o',
        id: { column: 'org_id', pattern: ORG_ID },
      },
      query,
      present,
    );
  }

  @Get(':id')
  @ApiOperation({ summary: 'One organization' })
  async get(@Param('id') id: string): Promise<OrganizationBody> {
    return present(await this.find(id));
  }

  @Post(':id/suspend')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Suspend an organization: its keys get 403 on every call until unsuspended',
  })
  async suspend(
    @Param('id') id: string,
    @Body() body: SuspendOrganizationBody,
    @CurrentPrincipal() principal: Principal,
    @RequestContext() context: CommandContext,
  ): Promise<OrganizationBody> {
    await this.find(id);
    if (id === principal.orgId) {
      throw new QuarryError(
        'conflict',
        'An operator cannot suspend the organization of the key in use',
      );
    }
    const changed = await this.commandBus.execute<SuspendOrganization, OrganizationStatusChanged>(
      new SuspendOrganization({ orgId: id, reason: body.reason ?? null }, context),
    );
    return this.afterChange(id, changed);
  }

  @Post(':id/unsuspend')
  @HttpCode(200)
  @ApiOperation({ summary: 'Lift a suspension' })
  async unsuspend(
    @Param('id') id: string,
    @RequestContext() context: CommandContext,
  ): Promise<OrganizationBody> {
    await this.find(id);
    const changed = await this.commandBus.execute<UnsuspendOrganization, OrganizationStatusChanged>(
      new UnsuspendOrganization({ orgId: id }, context),
    );
    return this.afterChange(id, changed);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Rename an organization or change its plan (its keys get the new rate limits at once)',
  })
  async update(
    @Param('id') id: string,
    @Body() body: UpdateOrganizationBody,
    @RequestContext() context: CommandContext,
  ): Promise<OrganizationBody> {
    if (body.name === undefined && body.plan === undefined) {
      const message = 'Send name, plan or both';
      throw new QuarryError('invalid_request', message, [
        { field: 'name', code: 'required', message },
        { field: 'plan', code: 'required', message },
      ]);
    }
    await this.find(id);
    let changed: OrganizationChanged | undefined;
    if (body.name !== undefined) {
      changed = await this.commandBus.execute<RenameOrganization, OrganizationChanged>(
        new RenameOrganization({ orgId: id, name: body.name }, context),
      );
    }
    if (body.plan !== undefined) {
      changed = await this.commandBus.execute<ChangeOrganizationPlan, OrganizationChanged>(
        new ChangeOrganizationPlan({ orgId: id, plan: body.plan }, context),
      );
    }
    // The guard caches each key's plan: only a plan change needs every instance to drop it.
    return this.afterChange(id, changed!, { flushKeys: body.plan !== undefined });
  }

  private async find(id: string): Promise<OrganizationRow> {
    const org = ORG_ID.test(id)
      ? (
          await this.reads.rows<OrganizationRow>(
            `SELECT ${ORG_COLUMNS} FROM organizations o WHERE o.org_id = $1`,
            [id],
          )
        )[0]
      : null;
    if (!org) throw new QuarryError('not_found', `Organization ${id} not found`);
    return org;
  }

  /** Read your writes: the response (and the next request's guard) see the change. */
  private async afterChange(
    id: string,
    changed: OrganizationStatusChanged | OrganizationChanged,
    { flushKeys = true } = {},
  ): Promise<OrganizationBody> {
    await waitForProjection(this.dataSource, 'organizations', changed.position, 5000);
    if (flushKeys) await this.keyCache.invalidate();
    return present(await this.find(id));
  }
}
