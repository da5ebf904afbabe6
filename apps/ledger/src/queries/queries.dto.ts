import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { COMMITMENT_STATUS_FILTERS } from '@ledger/projections';
import { Pledge } from '@ledger/domain';

const PLEDGE_STATUSES = Pledge.PLEDGE_STATUSES;

/** Query strings stay strings (the strict pipe converts nothing): checked here, parsed in the service. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const CURSOR = /^[A-Za-z0-9_-]{1,1024}$/;
const LIMIT = /^(?:[1-9]\d?|[1-4]\d\d|500)$/;
const listOf = (values: readonly string[]) => new RegExp(`^(?:${values.join('|')})(?:,(?:${values.join('|')}))*$`);

const slug = (name: string) => ({ message: `${name} must be an id (a lowercase slug)` });

export class AsOfQuery {
  @ApiPropertyOptional({
    description:
      'Answer as the ledger stood at this instant (ISO 8601 with a time zone): events recorded later are invisible, and derived ' +
      'statuses (overdue, overdue installments) are computed for it. Default: now.',
    example: '2025-06-30T23:59:59Z',
  })
  @IsOptional()
  @IsString()
  @Matches(INSTANT, { message: 'asOf must be an ISO 8601 instant with a time zone, e.g. 2025-06-30T23:59:59Z' })
  asOf?: string;
}

class PagedQuery extends AsOfQuery {
  @ApiPropertyOptional({ description: 'nextCursor of the previous page (it also keeps the moment of the first page)' })
  @IsOptional()
  @IsString()
  @Matches(CURSOR, { message: 'cursor must be a nextCursor this ledger answered' })
  cursor?: string;

  @ApiPropertyOptional({ description: 'At most this many items (1 to 500; default 50)', example: '50' })
  @IsOptional()
  @IsString()
  @Matches(LIMIT, { message: 'limit must be a whole number from 1 to 500' })
  limit?: string;
}

export class CommitmentListQuery extends PagedQuery {
  @ApiPropertyOptional({ description: 'Made by this organization', example: 'riverside-chc' })
  @IsOptional()
  @IsString()
  @Matches(SLUG, slug('promisor'))
  promisor?: string;

  @ApiPropertyOptional({ description: 'Made to this organization or collaborative', example: 'upper-valley-partnership' })
  @IsOptional()
  @IsString()
  @Matches(SLUG, slug('promisee'))
  promisee?: string;

  @ApiPropertyOptional({ description: 'In this collaborative', example: 'upper-valley-partnership' })
  @IsOptional()
  @IsString()
  @Matches(SLUG, slug('collaborative'))
  collaborative?: string;

  @ApiPropertyOptional({ description: `Status at the moment asked about; several separated by commas. One of ${COMMITMENT_STATUS_FILTERS.join(', ')}`, example: 'overdue,active' })
  @IsOptional()
  @IsString()
  @Matches(listOf(COMMITMENT_STATUS_FILTERS), { message: `status must be one or more (comma-separated) of ${COMMITMENT_STATUS_FILTERS.join(', ')}` })
  status?: string;

  @ApiPropertyOptional({ description: 'Linked to this shared goal', example: 'avoidable-ed-visits' })
  @IsOptional()
  @IsString()
  @Matches(SLUG, slug('goal'))
  goal?: string;

  @ApiPropertyOptional({ description: 'Due (date in force) strictly before this date', example: '2026-01-01' })
  @IsOptional()
  @IsString()
  @Matches(DATE, { message: 'dueBefore must be a date YYYY-MM-DD' })
  dueBefore?: string;
}

export class PledgeListQuery extends PagedQuery {
  @ApiPropertyOptional({ description: 'Pledged by this organization', example: 'connecticut-river-foundation' })
  @IsOptional()
  @IsString()
  @Matches(SLUG, slug('funder'))
  funder?: string;

  @ApiPropertyOptional({ description: 'Pledged to this organization or collaborative', example: 'upper-valley-partnership' })
  @IsOptional()
  @IsString()
  @Matches(SLUG, slug('recipient'))
  recipient?: string;

  @ApiPropertyOptional({ description: 'In this collaborative', example: 'upper-valley-partnership' })
  @IsOptional()
  @IsString()
  @Matches(SLUG, slug('collaborative'))
  collaborative?: string;

  @ApiPropertyOptional({ description: `Status; several separated by commas. One of ${PLEDGE_STATUSES.join(', ')}`, example: 'open,partially_disbursed' })
  @IsOptional()
  @IsString()
  @Matches(listOf(PLEDGE_STATUSES), { message: `status must be one or more (comma-separated) of ${PLEDGE_STATUSES.join(', ')}` })
  status?: string;
}

export function limitOf(value: string | undefined): number {
  return value === undefined ? 50 : Number(value);
}

export function listParam<T extends string>(value: string | undefined): T[] | undefined {
  return value === undefined ? undefined : (value.split(',') as T[]);
}

/** The cursor and page size every listing takes (governance-queries.dto.ts extends it too). */
export { PagedQuery };
