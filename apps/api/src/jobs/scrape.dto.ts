import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { JOB_TYPES, MAX_JOB_PAGES } from '@quarry/jobs';
import type { JobType } from '@quarry/jobs';

export class ScrapeOptions {
  @ApiPropertyOptional({ minimum: 1, maximum: 3, default: 1 })
  @IsOptional()
  @Min(1)
  @Max(3)
  @IsInt()
  depth?: 1 | 2 | 3;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  extract_emails?: boolean;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  extract_phones?: boolean;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  extract_social?: boolean;

  @ApiPropertyOptional({
    default: true,
    description: 'Score and classify leads (1 credit per page).',
  })
  @IsOptional()
  @IsBoolean()
  qualify_leads?: boolean;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_JOB_PAGES,
    description:
      'Pages to fetch at most (depth 2 and 3, sitemap jobs); default 10 per URL at depth 2, 25 at depth 3 and for sitemaps.',
  })
  @IsOptional()
  @Min(1)
  @Max(MAX_JOB_PAGES)
  @IsInt()
  max_pages?: number;
}

export class ScrapeBody {
  @ApiProperty({ enum: JOB_TYPES, example: 'single' })
  @IsIn(JOB_TYPES)
  type!: JobType;

  @ApiProperty({
    type: [String],
    minItems: 1,
    maxItems: 10_000,
    example: ['https://example.com/contact'],
  })
  @MaxLength(2048, { each: true })
  @IsString({ each: true })
  @ArrayMaxSize(10_000)
  @ArrayMinSize(1)
  @IsArray()
  urls!: string[];

  @ApiPropertyOptional({ type: ScrapeOptions })
  @IsOptional()
  @ValidateNested()
  @Type(() => ScrapeOptions)
  options?: ScrapeOptions;

  @ApiPropertyOptional({
    description: 'Cap on the credits this job may use; the crawl stops there.',
  })
  @IsOptional()
  @Min(1)
  @Max(1_000_000_000)
  @IsInt()
  max_credits?: number;

  @ApiPropertyOptional({ description: "Your own customer's id, stored on the job and its leads." })
  @IsOptional()
  @Length(1, 255)
  @IsString()
  external_user_id?: string;

  @ApiPropertyOptional({ description: 'Where to POST the job.* events of this job (https).' })
  @IsOptional()
  @IsUrl({ protocols: ['https'], require_protocol: true, require_tld: true })
  @MaxLength(2048)
  webhook_url?: string;
}
