import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { JOB_STATUSES, JOB_TYPES } from '@quarry/jobs';
import type { JobStatus, JobType } from '@quarry/jobs';
import { CreatedRangeQuery } from '../pagination/time-range';

export class JobsQuery extends CreatedRangeQuery {
  @ApiPropertyOptional({ enum: JOB_STATUSES, description: '`pending` (seed 003) means `queued`.' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'pending' ? 'queued' : value))
  @IsIn(JOB_STATUSES)
  status?: JobStatus;

  @ApiPropertyOptional({ enum: JOB_TYPES })
  @IsOptional()
  @IsIn(JOB_TYPES)
  type?: JobType;

  @ApiPropertyOptional()
  @IsOptional()
  @Length(1, 255)
  @IsString()
  external_user_id?: string;
}
