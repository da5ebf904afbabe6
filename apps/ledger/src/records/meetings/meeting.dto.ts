import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, Matches } from 'class-validator';
import { ID, idMessage, IsCalendarDate, IsText, LONG_TEXT, RECORD_ID } from '../shared/dto';

export class RecordMeetingDto {
  @ApiProperty({ example: 'upper-valley-partnership' })
  @IsString()
  @Matches(ID, idMessage)
  collaborativeId: string;

  @ApiProperty({ example: '2026-11-18' })
  @IsCalendarDate()
  heldOn: string;

  @ApiProperty({ example: 'Steering committee, November' })
  @IsText()
  title: string;

  @ApiProperty({ example: ['upper-valley-health', 'riverside-chc'], description: 'organizations that attended (current members)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @Matches(ID, { each: true, message: 'each attendee must be an organization id' })
  attendees: string[];

  @ApiPropertyOptional({ description: 'the resolutions it took up (of this collaborative)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @Matches(RECORD_ID, { each: true, message: 'each resolution id must be a record id' })
  resolutionIds?: string[];

  @ApiPropertyOptional({ example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', description: 'SHA-256 of the minutes (hex)' })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9a-f]{64}$/, { message: 'minutesSha256 must be 64 lowercase hex digits' })
  minutesSha256?: string;

  @ApiPropertyOptional({ example: 'Adopted the charter amendment; deferred the phase change.' })
  @IsOptional()
  @IsText(LONG_TEXT)
  minutesSummary?: string;
}
