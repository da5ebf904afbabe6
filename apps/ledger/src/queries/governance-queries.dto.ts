import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { RESOLUTION_STATUS_FILTERS } from '@ledger/projections';
import { PagedQuery } from './queries.dto';

/** Query strings stay strings (the strict pipe converts nothing): checked here, parsed in the controller. */
const SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;
const listOf = (values: readonly string[]) => new RegExp(`^(?:${values.join('|')})(?:,(?:${values.join('|')}))*$`);

export class ResolutionListQuery extends PagedQuery {
  @ApiPropertyOptional({ description: 'In this collaborative', example: 'upper-valley-partnership' })
  @IsOptional()
  @IsString()
  @Matches(SLUG, { message: 'collaborative must be an id (a lowercase slug)' })
  collaborative?: string;

  @ApiPropertyOptional({
    description:
      `Status at the moment asked about; several separated by commas. One of ${RESOLUTION_STATUS_FILTERS.join(', ')} ` +
      '(voting until votingClosesAt, awaiting_closure from then until a steward closes it)',
    example: 'voting,awaiting_closure',
  })
  @IsOptional()
  @IsString()
  @Matches(listOf(RESOLUTION_STATUS_FILTERS), { message: `status must be one or more (comma-separated) of ${RESOLUTION_STATUS_FILTERS.join(', ')}` })
  status?: string;
}

/** The decisions register: pages of a collaborative's adopted resolutions. */
export class DecisionListQuery extends PagedQuery {}

/** Pages of a collaborative's meetings. */
export class MeetingListQuery extends PagedQuery {}
