import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

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
