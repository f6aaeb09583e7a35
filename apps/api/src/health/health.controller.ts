import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import type { HealthCheckResult } from '@nestjs/terminus';
import { QuarryError } from '@quarry/errors';
import { ErrorEnvelope } from '../docs/error-envelope.dto';
import { DependencyChecks } from './dependency-checks';

const RETRY_AFTER_SECONDS = 5;

/** Terminus answers a failed check with its own 503 body; ours is the error envelope. */
function notReady(error: unknown): unknown {
  if (!(error instanceof ServiceUnavailableException)) return error;
  const result = error.getResponse() as HealthCheckResult;
  const failing = Object.entries(result.error ?? {}).map(([field, status]) => ({
    field,
    code: 'down',
    message: typeof status?.message === 'string' ? status.message : `${field} is down`,
  }));
  const message =
    result.status === 'shutting_down'
      ? 'Not ready: shutting down'
      : `Not ready: ${failing.map((detail) => detail.field).join(', ')} unavailable`;
  return new QuarryError('service_unavailable', message, failing, RETRY_AFTER_SECONDS);
}

/** Probes for orchestrators: outside /v1 and without authentication. */
@ApiTags('ops')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly dependencies: DependencyChecks,
  ) {}

  @Get('live')
  @ApiOkResponse({ description: 'The process runs', schema: { example: { status: 'ok' } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOkResponse({
    description: 'Every dependency answers; `details` has one entry per dependency',
  })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down', type: ErrorEnvelope })
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.health.check(this.dependencies.all());
    } catch (error) {
      throw notReady(error);
    }
  }
}
