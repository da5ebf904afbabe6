import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsIn, IsObject, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
import { DECIDED_BY, MATTERS } from '@ledger/domain';
import { ID, idMessage, IsText, LONG_TEXT, RECORD_ID } from '../shared/dto';

/**
 * A rule of the charter: who decides a matter and how. Percentages are decimal strings (or numbers)
 * with at most two fraction digits, the threshold also "consensus"; the domain checks the values
 * (libs/domain/src/governance/charter.ts), so a bad rule is answered with its path.
 */
export class CharterRuleDto {
  @ApiProperty({ enum: MATTERS, example: 'terminate_declaration' })
  @IsIn([...MATTERS])
  matter: string;

  @ApiProperty({ enum: DECIDED_BY, example: 'stewards', description: 'steward: any one steward alone; stewards: a vote of the stewards; members: a vote of stewards and members' })
  @IsIn([...DECIDED_BY])
  decidedBy: string;

  @ApiPropertyOptional({ example: '50', description: 'votes cast over eligible voters, percent (0–100); default 50' })
  @IsOptional()
  quorumPct?: unknown;

  @ApiPropertyOptional({ example: '66.67', description: '`for` over `for + against`, percent, or "consensus" (quorum and no `against`); default 50' })
  @IsOptional()
  thresholdPct?: unknown;

  @ApiPropertyOptional({ example: 10, description: 'days voting stays open by default (1–90; default 7)' })
  @IsOptional()
  votingDays?: unknown;
}

export class CharterDto {
  @ApiProperty({ type: [CharterRuleDto], description: 'matters left out keep the default charter' })
  @IsArray()
  @ArrayMaxSize(MATTERS.length + 1)
  @ValidateNested({ each: true })
  @Type(() => CharterRuleDto)
  rules: CharterRuleDto[];
}

export class ProposeResolutionDto {
  @ApiProperty({ example: 'upper-valley-partnership' })
  @IsString()
  @Matches(ID, idMessage)
  collaborativeId: string;

  @ApiProperty({ example: 'Terminate the 2025 declaration, superseded by the 2026 one' })
  @IsText()
  title: string;

  @ApiPropertyOptional({ example: 'The partners signed a new declaration on 12 March.' })
  @IsOptional()
  @IsText(LONG_TEXT)
  text?: string;

  @ApiProperty({ enum: MATTERS, example: 'terminate_declaration' })
  @IsIn([...MATTERS])
  matter: string;

  @ApiPropertyOptional({
    description:
      'What it carries out when adopted: the body of the command each stands for plus its kind (the matter) and target, e.g. ' +
      '{ "type": "terminate_declaration", "partnershipId": "…", "reason": "…" }; none for a general resolution',
    example: [{ type: 'terminate_declaration', partnershipId: '0193…', reason: 'Superseded by the 2026 declaration' }],
    type: 'array',
    items: { type: 'object' },
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsObject({ each: true })
  acts?: Array<Record<string, unknown>>;

  @ApiPropertyOptional({ example: '2026-12-20T17:00:00Z', description: "when voting closes; default: the rule's votingDays from now" })
  @IsOptional()
  @IsString()
  votingClosesAt?: string;

  @ApiPropertyOptional({ description: 'the meeting that takes it up' })
  @IsOptional()
  @IsString()
  @Matches(RECORD_ID, { message: 'meetingId must be a record id' })
  meetingId?: string;
}

export class VoteDto {
  @ApiProperty({ enum: ['for', 'against', 'abstain'] })
  @IsDefined()
  @IsIn(['for', 'against', 'abstain'])
  choice: string;

  @ApiPropertyOptional({ example: 'The new declaration covers the same ground' })
  @IsOptional()
  @IsText(LONG_TEXT)
  reason?: string;
}
