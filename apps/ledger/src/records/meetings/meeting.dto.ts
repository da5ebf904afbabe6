import { LONG_TEXT, MEETING_ATTENDEES, MEETING_RESOLUTIONS, SHORT_TEXT } from '@ledger/domain';
import { IsCalendarDate, IsRecordId, IsRecordIdList, IsSha256, IsText } from '../shared/dto';

export class RecordMeetingDto {
  @IsRecordId({ example: 'upper-valley-partnership' })
  collaborativeId: string;

  @IsCalendarDate({ example: '2026-11-18' })
  heldOn: string;

  @IsText(SHORT_TEXT, { example: 'Steering committee, November' })
  title: string;

  @IsRecordIdList(MEETING_ATTENDEES, { example: ['upper-valley-health', 'riverside-chc'], description: 'organizations that attended (current members)' })
  attendees: string[];

  @IsRecordIdList(MEETING_RESOLUTIONS, { optional: true, description: 'the resolutions it took up (of this collaborative)' })
  resolutionIds?: string[];

  @IsSha256({ optional: true, description: 'SHA-256 of the minutes (hex)' })
  minutesSha256?: string;

  @IsText(LONG_TEXT, { optional: true, example: 'Adopted the charter amendment; deferred the phase change.' })
  minutesSummary?: string;
}
