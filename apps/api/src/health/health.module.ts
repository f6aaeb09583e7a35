import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DependencyChecks } from './dependency-checks';
import { HealthController } from './health.controller';

/** `GET /health/live` and `GET /health/ready` (Postgres, event store, Redis when configured). */
@Module({
  imports: [TerminusModule],
  controllers: [HealthController],
  providers: [DependencyChecks],
})
export class HealthModule {}
