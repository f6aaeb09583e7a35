import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';
import { QuarryError } from '@quarry/errors';
import { CursorPageQuery } from './page-query';

/**
 * Two optional ISO 8601 bounds as dates; an empty or reversed range is a 400
 * naming the first field (`created_after must be before created_before`).
 */
export function timeRange(
  [fromField, from]: readonly [string, string | undefined],
  [toField, to]: readonly [string, string | undefined],
): { from?: Date; to?: Date } {
  const start = from ? new Date(from) : undefined;
  const end = to ? new Date(to) : undefined;
  if (start && end && start.getTime() >= end.getTime()) {
    const message = `${fromField} must be before ${toField}`;
    throw new QuarryError('invalid_request', message, [
      { field: fromField, code: 'invalid_range', message },
    ]);
  }
  return { from: start, to: end };
}

/** A cursor-paginated list filtered by creation time (jobs, leads). */
export class CreatedRangeQuery extends CursorPageQuery {
  @ApiPropertyOptional({ description: 'ISO 8601; inclusive.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  created_after?: string;

  @ApiPropertyOptional({ description: 'ISO 8601; exclusive.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  created_before?: string;

  createdRange(): { from?: Date; to?: Date } {
    return timeRange(
      ['created_after', this.created_after],
      ['created_before', this.created_before],
    );
  }
}
