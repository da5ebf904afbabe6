import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Actions } from '@ledger/domain';
import { AllowedActionDto } from '../actions/allowed-action.dto';

class MoneyDto {
  @ApiProperty({ example: 'USD' })
  currency: string;

  @ApiProperty({ example: '400.00' })
  amount: string;
}

export class InboxItemDto {
  @ApiProperty({ enum: Actions.INBOX_KIND_NAMES, description: 'What waits on the organization' })
  kind: Actions.InboxKind;

  @ApiProperty({ enum: ['commitment', 'pledge', 'partnership', 'risk-agreement', 'resolution'], description: 'The kind of record it is about' })
  record: string;

  @ApiProperty({ description: "The record's id" })
  id: string;

  @ApiProperty()
  collaborativeId: string;

  @ApiProperty({ description: "The record's title (a pledge's purpose)" })
  title: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, description: 'The sub-record it is about: { revisionId } or { disbursementId }' })
  target?: Record<string, string>;

  @ApiPropertyOptional({ description: "When it is due (YYYY-MM-DD): the commitment's due date in force, the installment's, the end of a risk agreement's period, the close of voting" })
  dueDate?: string;

  @ApiPropertyOptional({ description: 'Past its due date' })
  overdue?: boolean;

  @ApiPropertyOptional({ type: MoneyDto, description: "installment_due: the installment's part not yet disbursed" })
  amount?: MoneyDto;

  @ApiProperty({ description: "The record's stream revision the item was read at: send it as If-Match" })
  streamRevision: number;

  @ApiProperty({ type: [AllowedActionDto], description: "The commands of the item's kind the organization may send now (empty with asOf)" })
  actions: AllowedActionDto[];
}

export class InboxDto {
  @ApiProperty()
  organizationId: string;

  @ApiProperty({ description: 'The moment answered for' })
  asOf: string;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'total, and the number of items of each kind present', example: { total: 3, commitment_to_accept: 2, resolution_to_vote: 1 } })
  counts: Record<string, number>;

  @ApiProperty({ type: [InboxItemDto], description: 'Overdue first, then by due date' })
  items: InboxItemDto[];
}
