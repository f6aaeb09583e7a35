import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { CursorPageQuery } from '../pagination/page-query';

export class AuditEventsQuery extends CursorPageQuery {
  @ApiPropertyOptional({
    description: 'A stream id such as org-org_123; all streams when absent.',
    example: 'org-org_123',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  stream?: string;
}
