import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, ValidateIf } from 'class-validator';
import { PLANS } from '@quarry/identity';
import type { Plan } from '@quarry/identity';

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

/** Only what is sent changes; `null` is refused (neither field can be cleared). */
export class UpdateOrganizationBody {
  @ApiPropertyOptional({
    description: 'Trimmed; 1 to 200 characters.',
    minLength: 1,
    maxLength: 200,
    example: 'Acme Corp',
  })
  @ValidateIf((_body, value) => value !== undefined)
  @IsString()
  name?: string;

  @ApiPropertyOptional({
    enum: PLANS,
    description: 'Sets the rate limits of every key of the organization at once.',
    example: 'pro',
  })
  @ValidateIf((_body, value) => value !== undefined)
  @IsIn(PLANS)
  plan?: Plan;
}
