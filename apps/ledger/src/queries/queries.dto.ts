import { COMMITMENT_STATUS_FILTERS } from '@ledger/projections';
import { Pledge } from '@ledger/domain';
import { IsCalendarDate, IsInstant, IsOneOf, IsOneOrMoreOf, IsQueryForm, IsRecordId } from '../records/shared/rules';

const PLEDGE_STATUSES = Pledge.PLEDGE_STATUSES;
const LIST_FORMATS = ['json', 'csv'] as const;

/** Query strings stay strings (the strict pipe converts nothing): checked here, parsed in the service. */
const CURSOR = /^[A-Za-z0-9_-]{1,1024}$/;
const LIMIT = /^(?:[1-9]\d?|[1-4]\d\d|500)$/;

export class AsOfQuery {
  @IsInstant({
    optional: true,
    description:
      'Answer as the ledger stood at this instant (ISO 8601 with a time zone): events recorded later are invisible, and derived ' +
      'statuses (overdue, overdue installments) are computed for it. Default: now.',
  })
  asOf?: string;
}

class PagedQuery extends AsOfQuery {
  @IsQueryForm(CURSOR, 'cursor must be a nextCursor this ledger answered', {
    optional: true,
    description: 'nextCursor of the previous page (it also keeps the moment of the first page)',
  })
  cursor?: string;

  @IsQueryForm(LIMIT, 'limit must be a whole number from 1 to 500', { optional: true, description: 'At most this many items (1 to 500; default 50)', example: '50' })
  limit?: string;

  @IsOneOf(LIST_FORMATS, { optional: true, description: 'json (the default) or csv: every item from the cursor on, as CSV (the same as Accept: text/csv)' })
  format?: string;
}

export class CommitmentListQuery extends PagedQuery {
  @IsRecordId({ optional: true, description: 'Made by this organization', example: 'riverside-chc' })
  promisor?: string;

  @IsRecordId({ optional: true, description: 'Made to this organization or collaborative', example: 'upper-valley-partnership' })
  promisee?: string;

  @IsRecordId({ optional: true, description: 'In this collaborative', example: 'upper-valley-partnership' })
  collaborative?: string;

  @IsOneOrMoreOf(COMMITMENT_STATUS_FILTERS, {
    optional: true,
    description: `Status at the moment asked about; several separated by commas. One of ${COMMITMENT_STATUS_FILTERS.join(', ')}`,
    example: 'overdue,active',
  })
  status?: string;

  @IsRecordId({ optional: true, description: 'Linked to this shared goal', example: 'avoidable-ed-visits' })
  goal?: string;

  @IsCalendarDate({ optional: true, description: 'Due (date in force) strictly before this date', example: '2026-01-01' })
  dueBefore?: string;
}

export class PledgeListQuery extends PagedQuery {
  @IsRecordId({ optional: true, description: 'Pledged by this organization', example: 'connecticut-river-foundation' })
  funder?: string;

  @IsRecordId({ optional: true, description: 'Pledged to this organization or collaborative', example: 'upper-valley-partnership' })
  recipient?: string;

  @IsRecordId({ optional: true, description: 'In this collaborative', example: 'upper-valley-partnership' })
  collaborative?: string;

  @IsOneOrMoreOf(PLEDGE_STATUSES, { optional: true, description: `Status; several separated by commas. One of ${PLEDGE_STATUSES.join(', ')}`, example: 'open,partially_disbursed' })
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

/** A list read whole (a pledge's disbursements): asOf and the format. */
export class DisbursementListQuery extends AsOfQuery {
  @IsOneOf(LIST_FORMATS, { optional: true, description: 'json (the default) or csv (the same as Accept: text/csv)' })
  format?: string;
}
