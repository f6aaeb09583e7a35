import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { AuditEvent } from '@quarry/projections';
import { CurrentPrincipal, RequireScopes } from '../auth';
import type { Principal } from '../auth';
import { decodeCursor, encodeCursor, INTEGER } from '../pagination/cursor';
import type { Page } from '../pagination/cursor';
import { AuditEventsQuery } from './audit-events.query';

interface AuditEventBody {
  event_id: string;
  stream: string;
  revision: number;
  position: string;
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
  created_at: string;
}

/**
 * The raw event history, for auditors. Read from the audit_events projection
 * (never from the log directly), so it serves the same on either event store.
 */
@ApiTags('audit')
@ApiBearerAuth('api_key')
@Controller('v1/audit')
export class AuditController {
  constructor(private readonly dataSource: DataSource) {}

  @Get('events')
  @RequireScopes('audit:read')
  @ApiOperation({
    summary: 'Raw event history of one stream, or of all streams in global order',
    description:
      "Only the caller's organization's events; a key with the admin scope sees every organization's.",
  })
  @ApiOkResponse({ description: 'A page of events, oldest first' })
  async events(
    @Query() query: AuditEventsQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Page<AuditEventBody>> {
    const qb = this.dataSource
      .getRepository(AuditEvent)
      .createQueryBuilder('e')
      .limit(query.limit + 1);
    if (!principal.scopes.has('admin'))
      qb.andWhere('e.org_id = :orgId', { orgId: principal.orgId });
    if (query.stream !== undefined) {
      qb.andWhere('e.stream_id = :stream', { stream: query.stream }).orderBy('e.revision', 'ASC');
      if (query.cursor)
        qb.andWhere('e.revision > :after', {
          after: decodeCursor(query.cursor, { revision: INTEGER }).revision,
        });
    } else {
      qb.orderBy('e.position', 'ASC');
      if (query.cursor)
        qb.andWhere('e.position > :after', {
          after: decodeCursor(query.cursor, { position: INTEGER }).position,
        });
    }
    const rows = await qb.getMany();
    const hasMore = rows.length > query.limit;
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    const nextCursor =
      hasMore && last
        ? encodeCursor(
            query.stream !== undefined ? { revision: last.revision } : { position: last.position },
          )
        : null;
    return {
      data: page.map((e) => ({
        event_id: e.eventId,
        stream: e.streamId,
        revision: Number(e.revision),
        position: e.position,
        type: e.type,
        data: e.data,
        metadata: e.metadata,
        created_at: e.createdAt.toISOString(),
      })),
      pagination: { has_more: hasMore, next_cursor: nextCursor },
    };
  }
}
