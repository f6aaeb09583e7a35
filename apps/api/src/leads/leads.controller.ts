import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PooledQueries } from '@quarry/database';
import { QuarryError } from '@quarry/errors';
import { CurrentPrincipal, RequireScopes } from '../auth';
import type { Principal } from '../auth';
import { LeadsQuery } from './leads.query';
import { findLead, listLeads } from './list-leads';

/** The leads the organization's jobs found, read from the `leads` projection. */
@ApiTags('leads')
@ApiBearerAuth('api_key')
@Controller('v1/leads')
export class LeadsController {
  constructor(private readonly reads: PooledQueries) {}

  @Get()
  @RequireScopes('leads:read')
  @ApiOperation({
    summary: "The organization's leads, filtered and sorted",
    description:
      'Newest first by default. `next_cursor` continues the same sort and order; with another one it is a 400.',
  })
  list(@Query() query: LeadsQuery, @CurrentPrincipal() principal: Principal) {
    return listLeads(this.reads, principal.orgId, query);
  }

  @Get(':id')
  @RequireScopes('leads:read')
  @ApiOperation({ summary: 'One lead' })
  async get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    const lead = await findLead(this.reads, principal.orgId, id);
    if (!lead) throw new QuarryError('not_found', `Lead ${id} not found`);
    return lead;
  }
}
