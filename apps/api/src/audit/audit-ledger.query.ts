import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

const ORG_ID = /^org_[0-9a-z]{20}$/;

export class AuditLedgerQuery {
  @ApiProperty({ example: 'org_0123456789abcdefghij' })
  @Matches(ORG_ID, { message: 'org_id must be an organization id (org_…)' })
  @IsString()
  org_id!: string;

  @ApiPropertyOptional({
    description: 'ISO 8601 instant; default now.',
    example: '2026-11-24T12:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  as_of?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @Min(1)
  @Max(1000)
  @IsInt()
  limit = 100;

  @ApiPropertyOptional({ description: 'next_cursor of the previous page.' })
  @IsOptional()
  @Length(1, 200)
  @IsString()
  cursor?: string;
}

export class VerifyLedgerQuery {
  @ApiPropertyOptional({
    description: 'One organization; default every organization the key may see (admin: all).',
  })
  @IsOptional()
  @Matches(ORG_ID, { message: 'org_id must be an organization id (org_…)' })
  @IsString()
  org_id?: string;
}
