import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import type { LeadRecord } from '@quarry/jobs';
import { CreatedRangeQuery } from '../pagination/time-range';

export const LEAD_SORTS = ['created_at', 'score', 'company'] as const;
export type LeadSort = (typeof LEAD_SORTS)[number];

export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

export const LEAD_STATUSES = [
  'hot',
  'warm',
  'cold',
] as const satisfies readonly LeadRecord['status'][];

const JOB_ID = /^job_[0-9a-z]{20}$/;

/** Digits only become a number: `@Type(() => Number)` would read `score_min=` as 0. */
const integer = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d{1,9}$/.test(value) ? Number(value) : value;

/** Seed 003's lead filters, plus `external_user_id`. */
export class LeadsQuery extends CreatedRangeQuery {
  // A company-sorted cursor carries the company name, longer than other lists' cursors.
  @ApiPropertyOptional({
    description: 'next_cursor of the previous page, with the same sort and order.',
  })
  @IsOptional()
  @Length(1, 4096)
  @IsString()
  override cursor?: string = undefined;

  @ApiPropertyOptional({ example: 'job_0a1b2c3d4e5f6g7h8i9j' })
  @IsOptional()
  @Matches(JOB_ID, { message: 'job_id must be a job id (job_…)', context: { code: 'invalid_id' } })
  @IsString()
  job_id?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 100, description: 'Inclusive.' })
  @IsOptional()
  @Transform(integer)
  @Min(0)
  @Max(100)
  @IsInt()
  score_min?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 100, description: 'Inclusive.' })
  @IsOptional()
  @Transform(integer)
  @Min(0)
  @Max(100)
  @IsInt()
  score_max?: number;

  @ApiPropertyOptional({ enum: LEAD_STATUSES })
  @IsOptional()
  @IsIn(LEAD_STATUSES)
  status?: LeadRecord['status'];

  @ApiPropertyOptional({
    description: 'Case-insensitive substring of the email, company name or phone.',
    minLength: 1,
    maxLength: 100,
  })
  @IsOptional()
  @Length(1, 100)
  @IsString()
  search?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Length(1, 255)
  @IsString()
  external_user_id?: string;

  @ApiPropertyOptional({
    enum: LEAD_SORTS,
    default: 'created_at',
    description: '`company` sorts leads without a company last, in either order.',
  })
  @IsOptional()
  @IsIn(LEAD_SORTS)
  sort: LeadSort = 'created_at';

  @ApiPropertyOptional({ enum: SORT_ORDERS, default: 'desc' })
  @IsOptional()
  @IsIn(SORT_ORDERS)
  order: SortOrder = 'desc';
}
