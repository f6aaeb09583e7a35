import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { ProjectionStatus } from '@quarry/projection-engine';
import { RequireScopes } from '../auth';
import { ProjectionOperations } from './projection-operations.service';

/** snake_case for the wire, like every Quarry response. */
export function presentStatus(s: ProjectionStatus) {
  return {
    name: s.name,
    description: s.description,
    state: s.state,
    version: s.version,
    built_with_version: s.builtWithVersion,
    generation: s.generation,
    position: s.position,
    lag_events: s.lagEvents,
    lag_seconds: s.lagSeconds,
    last_error: s.lastError,
    last_error_at: s.lastErrorAt,
    heartbeat_at: s.heartbeatAt,
    rebuild: s.rebuild && {
      generation: s.rebuild.generation,
      applied: s.rebuild.applied,
      total: s.rebuild.total,
      events_per_second: s.rebuild.eventsPerSecond,
      eta_seconds: s.rebuild.etaSeconds,
      started_at: s.rebuild.startedAt,
    },
  };
}

@ApiTags('admin')
@ApiBearerAuth('api_key')
@Controller('v1/admin/projections')
@RequireScopes('admin')
export class AdminProjectionsController {
  constructor(private readonly operations: ProjectionOperations) {}

  @Get()
  @ApiOperation({
    summary: 'Status of every projection: position, lag, state, last error, rebuild progress',
  })
  @ApiOkResponse({ description: 'One status per projection' })
  async list() {
    return { data: (await this.operations.statuses()).map(presentStatus) };
  }

  @Get(':name')
  @ApiOperation({ summary: 'Status of one projection' })
  async get(@Param('name') name: string) {
    return presentStatus(await this.operations.status(name));
  }

  @Post(':name/rebuild')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Start a blue/green rebuild',
    description:
      'Builds a new generation from position 0 while reads use the current one, then switches atomically. 409 when one is running.',
  })
  @ApiAcceptedResponse({
    description: 'The rebuild started; follow it with GET /v1/admin/projections/{name}',
  })
  async rebuild(@Param('name') name: string) {
    const { generation } = await this.operations.startRebuild(name);
    return {
      projection: name,
      state: 'rebuilding',
      generation,
      status_url: `/v1/admin/projections/${name}`,
    };
  }
}
