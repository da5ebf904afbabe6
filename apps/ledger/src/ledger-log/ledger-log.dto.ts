import { IsQueryForm } from '../records/shared/rules';

const POSITION = /^\d{1,15}$/;
const LIMIT = /^(?:[1-9]\d{0,2}|1000)$/;
const STREAM = /^[a-z]+-[A-Za-z0-9-]{1,64}$/;
const EVENT_TYPE = /^[A-Z][A-Za-z]{1,63}$/;

/** Query of `/ledger/events`: raw events in position order. Query strings stay strings; parsed here. */
export class LedgerEventsQuery {
  @IsQueryForm(POSITION, 'after must be a position (a whole number)', { optional: true, description: 'Only events after this position (the cursor)', example: '0' })
  after?: string;

  @IsQueryForm(LIMIT, 'limit must be a whole number from 1 to 1000', { optional: true, description: 'At most this many events (1 to 1000; default 100)', example: '100' })
  limit?: string;

  @IsQueryForm(STREAM, 'stream must be a stream id, e.g. commitment-<id>', {
    optional: true,
    description: 'Only events of this stream, e.g. commitment-<id>',
    example: 'collaborative-upper-valley-partnership',
  })
  stream?: string;

  @IsQueryForm(EVENT_TYPE, 'type must be an event type, e.g. CommitmentMade', { optional: true, description: 'Only events of this type', example: 'CommitmentMade' })
  type?: string;
}

/** Query of `/ledger/stream`: where to start (a Last-Event-ID header takes precedence). */
export class LedgerStreamQuery {
  @IsQueryForm(POSITION, 'after must be a position (a whole number)', { optional: true, description: 'Start after this position; default: from the start of the log', example: '0' })
  after?: string;
}

export function positionOf(value: string | undefined, fallback: number): number {
  return value === undefined ? fallback : Number(value);
}
