import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, Matches } from 'class-validator';
import { ID, idMessage, IsCalendarDate, IsText, LONG_TEXT } from '../shared/dto';

export class DraftDeclarationDto {
  @ApiProperty({ example: 'upper-valley-partnership' })
  @IsString()
  @Matches(ID, idMessage)
  collaborativeId: string;

  @ApiProperty({ example: 'Declaration of Partnership and Commitment 2026–2029' })
  @IsText()
  title: string;

  @ApiProperty({ example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', description: 'SHA-256 of the terms document, hex' })
  @IsString()
  @Matches(/^[0-9a-f]{64}$/, { message: 'termsSha256 must be 64 lowercase hex digits' })
  termsSha256: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsText(LONG_TEXT)
  summary?: string;

  @ApiProperty({ example: ['upper-valley-health', 'riverside-community-health'] })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Matches(ID, { each: true, ...idMessage })
  parties: string[];

  @ApiProperty({ example: '2026-04-01' })
  @IsCalendarDate()
  effectiveFrom: string;

  @ApiPropertyOptional({ example: '2029-03-31' })
  @IsOptional()
  @IsCalendarDate()
  effectiveUntil?: string;
}

export class WithdrawalDto {
  @ApiProperty({ example: 'Board decision to leave the partnership' })
  @IsText(LONG_TEXT)
  reason: string;

  @ApiProperty({ example: '2027-01-01' })
  @IsCalendarDate()
  effectiveOn: string;
}
