import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { QuarryError } from '@quarry/errors';
import { SuspendOrganization, UnsuspendOrganization } from '@quarry/identity';
import type { CommandContext, OrganizationStatusChanged } from '@quarry/identity';
import { waitForProjection } from '@quarry/projection-engine';
import { OrganizationView } from '@quarry/projections';
import { CurrentPrincipal, KeyCache, RequestContext, RequireScopes } from '../auth';
import type { Principal } from '../auth';
import type { Page } from '../pagination/cursor';
import { CursorPageQuery, pageByCreation } from '../pagination/page-query';
import { SuspendOrganizationBody } from './admin-orgs.dto';

const ORG_ID = /^org_[0-9a-z]{20}$/;

const present = (o: OrganizationView) => ({
  id: o.orgId,
  name: o.name,
  plan: o.plan,
  status: o.status,
  created_at: o.createdAt.toISOString(),
});

type OrganizationBody = ReturnType<typeof present>;

/** Operators: organizations, and suspending one (every call of its keys then gets 403). */
@ApiTags('admin')
@ApiBearerAuth('api_key')
@Controller('v1/admin/orgs')
@RequireScopes('admin')
export class AdminOrgsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly commandBus: CommandBus,
    private readonly keyCache: KeyCache,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Organizations, oldest first' })
  list(@Query() query: CursorPageQuery): Promise<Page<OrganizationBody>> {
    return pageByCreation(
      this.dataSource.getRepository(OrganizationView).createQueryBuilder('o'),
      { column: 'org_id', pattern: ORG_ID, of: (o) => o.orgId },
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

  private async find(id: string): Promise<OrganizationView> {
    const org = ORG_ID.test(id)
      ? await this.dataSource.getRepository(OrganizationView).findOneBy({ orgId: id })
      : null;
    if (!org) throw new QuarryError('not_found', `Organization ${id} not found`);
    return org;
  }

  /** Read your writes: the response (and the next request's guard) see the new status. */
  private async afterChange(
    id: string,
    changed: OrganizationStatusChanged,
  ): Promise<OrganizationBody> {
    await waitForProjection(this.dataSource, 'organizations', changed.position, 5000);
    await this.keyCache.invalidate();
    return present(await this.find(id));
  }
}
