import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  NotEquals,
  ValidateIf,
} from 'class-validator';

/** Large enough for any real adjustment, small enough that sums stay exact in JSON numbers. */
const MAX_CREDITS = 1_000_000_000;

export class AdjustCreditsBody {
  @ApiProperty({
    description: 'Credits to add (positive) or take (negative); not 0.',
    example: 500,
  })
  @NotEquals(0)
  @Min(-MAX_CREDITS)
  @Max(MAX_CREDITS)
  @IsInt()
  delta_credits!: number;

  @ApiProperty({ description: 'Why, for the ledger and its auditors.', maxLength: 500 })
  @Length(1, 500)
  @IsString()
  note!: string;

  @ApiProperty({
    description: 'A retry with the same key adjusts nothing more and answers as before.',
    maxLength: 255,
  })
  @Length(1, 255)
  @IsString()
  idempotency_key!: string;
}

export class RefundChargeBody {
  @ApiPropertyOptional({ description: 'The settled reservation to refund; or give job_id.' })
  @ValidateIf((body: RefundChargeBody) => body.job_id === undefined)
  @Length(1, 255)
  @IsString()
  reservation_id?: string;

  @ApiPropertyOptional({ description: 'The job whose settled reservation to refund.' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/)
  @IsString()
  job_id?: string;

  @ApiProperty({ description: 'Credits to give back: at most what is left to refund.' })
  @Min(1)
  @Max(MAX_CREDITS)
  @IsInt()
  amount!: number;

  @ApiProperty({ maxLength: 500 })
  @Length(1, 500)
  @IsString()
  note!: string;

  @ApiProperty({ maxLength: 255 })
  @Length(1, 255)
  @IsString()
  idempotency_key!: string;
}
