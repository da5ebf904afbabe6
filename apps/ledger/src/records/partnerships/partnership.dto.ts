import { DECLARATION_PARTIES, LONG_TEXT, SHORT_TEXT } from '@ledger/domain';
import { IsCalendarDate, IsRecordId, IsRecordIdList, IsSha256, IsText } from '../shared/dto';

export class DraftDeclarationDto {
  @IsRecordId({ example: 'upper-valley-partnership' })
  collaborativeId: string;

  @IsText(SHORT_TEXT, { example: 'Declaration of Partnership and Commitment 2026–2029' })
  title: string;

  @IsSha256({ description: 'SHA-256 of the terms document, hex' })
  termsSha256: string;

  @IsText(LONG_TEXT, { optional: true })
  summary?: string;

  @IsRecordIdList(DECLARATION_PARTIES, { example: ['upper-valley-health', 'riverside-community-health'] })
  parties: string[];

  @IsCalendarDate({ example: '2026-04-01' })
  effectiveFrom: string;

  @IsCalendarDate({ optional: true, example: '2029-03-31' })
  effectiveUntil?: string;
}

export class WithdrawalDto {
  @IsText(LONG_TEXT, { example: 'Board decision to leave the partnership' })
  reason: string;

  @IsCalendarDate({ example: '2027-01-01' })
  effectiveOn: string;
}
