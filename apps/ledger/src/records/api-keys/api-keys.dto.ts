import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { IsText } from '../shared/dto';

export class IssueApiKeyDto {
  @ApiProperty({ description: 'The organization the key will act for', example: 'riverside-chc' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{1,62}$/, { message: 'organizationId must be an organization id (lowercase slug)' })
  organizationId: string;

  @ApiPropertyOptional({ description: 'What the key is for, to recognize it in lists', example: 'intake desk' })
  @IsOptional()
  @IsText(100)
  label?: string;
}

export class ApiKeyIdParam {
  @IsString()
  @Matches(/^[0-9a-f]{16}$/, { message: 'keyId must be an API key id (16 hex digits)' })
  keyId: string;
}
