import type { FastifyReply } from 'fastify';
import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { QuarryMetrics } from '@quarry/observability';

/** Prometheus scrape endpoint; an ops route, kept out of the public API document. */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: QuarryMetrics) {}

  @Get()
  async scrape(@Res({ passthrough: true }) res: FastifyReply): Promise<string> {
    res.header('Content-Type', this.metrics.registry.contentType);
    return this.metrics.render();
  }
}
