import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDateString,
  IsIn,
  IsOptional,
  IsString,
  Length,
} from 'class-validator';
import { SCOPES } from '@quarry/identity';
import type { KeyEnvironment, Scope } from '@quarry/identity';

export class CreateApiKeyBody {
  @ApiProperty({ example: 'CRM sync', minLength: 1, maxLength: 100 })
  @Length(1, 100)
  @IsString()
  name!: string;

  @ApiProperty({ enum: SCOPES, isArray: true, example: ['jobs:read', 'jobs:write'] })
  @IsIn(SCOPES, { each: true })
  @ArrayMaxSize(SCOPES.length)
  @ArrayMinSize(1)
  @IsArray()
  scopes!: Scope[];

  @ApiPropertyOptional({ enum: ['live', 'test'], default: 'live' })
  @IsOptional()
  @IsIn(['live', 'test'])
  environment?: KeyEnvironment;

  @ApiPropertyOptional({
    description: 'RFC 3339; the key is refused from then on.',
    example: '2027-01-01T00:00:00Z',
  })
  @IsOptional()
  @IsDateString({ strict: true })
  expires_at?: string;
}
