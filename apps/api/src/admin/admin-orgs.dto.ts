import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

export class SuspendOrganizationBody {
  @ApiPropertyOptional({
    description: 'Why, for the audit trail.',
    maxLength: 500,
    example: 'Payment failed',
  })
  @IsOptional()
  @Length(1, 500)
  @IsString()
  reason?: string;
}

export class ListOrganizationsQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @Min(1)
  @Max(100)
  @IsInt()
  limit = 50;

  @ApiPropertyOptional({ description: 'next_cursor of the previous page.' })
  @IsOptional()
  @Length(1, 200)
  @IsString()
  cursor?: string;
}
