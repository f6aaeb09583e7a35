import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** Digits only become a number: `@Type(() => Number)` would read `page=` as 0. */
const integer = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d{1,9}$/.test(value) ? Number(value) : value;

/** Seed 000's offset pagination of job results. */
export class JobResultsQuery {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Transform(integer)
  @Min(1)
  @Max(1_000_000)
  @IsInt()
  page = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Transform(integer)
  @Min(1)
  @Max(200)
  @IsInt()
  limit = 50;
}
