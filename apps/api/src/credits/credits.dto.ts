import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsISO8601, IsOptional } from 'class-validator';
import { LEDGER_ENTRY_TYPES } from '@quarry/projections';
import type { LedgerEntryType } from '@quarry/projections';
import { CursorPageQuery } from '../pagination/page-query';

/** `start_date` (inclusive) and `end_date` (exclusive), ISO 8601 dates or instants. */
export class DateRangeQuery extends CursorPageQuery {
  @ApiPropertyOptional({ description: 'Inclusive; ISO 8601.', example: '2026-11-01' })
  @IsOptional()
  @IsISO8601({ strict: true })
  start_date?: string;

  @ApiPropertyOptional({ description: 'Exclusive; ISO 8601.', example: '2026-12-01' })
  @IsOptional()
  @IsISO8601({ strict: true })
  end_date?: string;
}

export class CreditTransactionsQuery extends DateRangeQuery {
  @ApiPropertyOptional({
    description: 'One type, or several separated by commas.',
    enum: LEDGER_ENTRY_TYPES,
    example: 'deduction,refund',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.split(',').map((t) => t.trim()) : value,
  )
  @ArrayMaxSize(LEDGER_ENTRY_TYPES.length)
  @IsIn(LEDGER_ENTRY_TYPES, { each: true })
  @IsArray()
  type?: LedgerEntryType[];
}

export class CreditUsageQuery {
  @ApiPropertyOptional({
    description: 'Inclusive; ISO 8601. Default: 30 days before end_date.',
    example: '2026-11-01',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  start_date?: string;

  @ApiPropertyOptional({ description: 'Exclusive; ISO 8601. Default: now.', example: '2026-12-01' })
  @IsOptional()
  @IsISO8601({ strict: true })
  end_date?: string;
}
