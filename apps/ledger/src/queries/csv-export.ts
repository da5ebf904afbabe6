import { Logger, StreamableFile } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import type { FastifyRequest } from 'fastify';
import type { CommitmentListItem, Moment, Page, PledgeListItem, PledgeView, ResolutionListItem } from '@ledger/projections';
import { Readable } from 'node:stream';
import type { QueryService } from './query.service';

/**
 * Lists as CSV (RFC 4180: a header row, CRLF line ends, fields quoted where they hold a comma, a
 * quote or a line break) for `Accept: text/csv` or `format=csv`, written by csv-stringify.
 *
 * A CSV answer holds every item of the listing from the cursor on (the first page when none), read
 * page by page as the client takes them: each page is read only when csv-stringify asks for more,
 * so a list of any length is served in constant memory. Every page answers for the moment of the
 * first, like the JSON pages' cursors. Values are exact: money amounts are decimal strings with
 * their currency in a column of its own, dates ISO 8601, booleans true/false, absent values empty.
 */
export interface CsvColumn<T> {
  name: string;
  description: string;
  value: (item: T) => string | number | boolean | null | undefined;
}

const logger = new Logger('CsvExport');

/** Items read per page while a CSV answer streams. */
export const CSV_PAGE = 500;

/** Whether the request asks for CSV: `format=csv`, or an Accept header naming text/csv (and format not json). */
export function wantsCsv(request: FastifyRequest, format: string | undefined): boolean {
  if (format !== undefined) return format === 'csv';
  const accept = request.headers.accept;
  return typeof accept === 'string' && /(^|,)\s*text\/csv\s*(;|,|$)/i.test(accept);
}

/** The columns as the OpenAPI description lists them. */
export function describeColumns<T>(columns: readonly CsvColumn<T>[]): string {
  return `With Accept: text/csv or format=csv: every item from the cursor on, as CSV (RFC 4180, header row) with the columns ${columns
    .map((c) => `${c.name} (${c.description})`)
    .join(', ')}.`;
}

/**
 * Streams the listing as CSV: `read(cursor, m)` answers one page of the listing for a moment;
 * the first page is read for `asOf` (or the cursor's moment), the next ones for the first's.
 */
export function csvAnswer<T>(
  service: Pick<QueryService, 'answer'>,
  file: string,
  columns: readonly CsvColumn<T>[],
  start: { asOf?: string; cursor?: string; keyLength: number },
  read: (cursor: string | undefined, m: Moment) => Promise<Page<T>>,
): Promise<StreamableFile> {
  return service.answer(
    start.asOf,
    async (m) => {
      const first = await read(start.cursor, m);
      async function* rows(): AsyncGenerator<Array<string | number | boolean>> {
        let page = first;
        for (;;) {
          for (const item of page.items) yield columns.map((c) => c.value(item) ?? '');
          if (page.nextCursor === null) return;
          const cursor = page.nextCursor;
          page = await service.answer(undefined, (moment) => read(cursor, moment), { value: cursor, keyLength: start.keyLength });
        }
      }
      const csv = stringify({ header: true, columns: columns.map((c) => c.name), record_delimiter: 'windows', cast: { boolean: (b) => (b ? 'true' : 'false') } });
      const source = Readable.from(rows());
      source.on('error', (error) => {
        // The header is sent: the client sees the answer end early, the log says why.
        logger.error(`CSV export of ${file} ended early: ${(error as Error)?.message ?? error}`);
        csv.destroy(error as Error);
      });
      source.pipe(csv);
      return new StreamableFile(csv, {
        type: 'text/csv; charset=utf-8',
        disposition: `attachment; filename="${file}-${m.iso.slice(0, 10)}.csv"`,
      });
    },
    { value: start.cursor, keyLength: start.keyLength },
  );
}

const promiseeOrganization = (p: CommitmentListItem['promisee']) => ('organizationId' in p ? p.organizationId : null);
const promiseeCollaborative = (p: CommitmentListItem['promisee']) => ('collaborativeId' in p ? p.collaborativeId : null);

export const COMMITMENT_COLUMNS: readonly CsvColumn<CommitmentListItem>[] = [
  { name: 'id', description: 'the commitment', value: (c) => c.id },
  { name: 'collaborativeId', description: 'its collaborative', value: (c) => c.collaborativeId },
  { name: 'promisor', description: 'the organization that promised', value: (c) => c.promisor },
  { name: 'promiseeOrganizationId', description: 'the organization promised to, or empty', value: (c) => promiseeOrganization(c.promisee) },
  { name: 'promiseeCollaborativeId', description: 'the collaborative promised to, or empty', value: (c) => promiseeCollaborative(c.promisee) },
  { name: 'title', description: 'what was promised', value: (c) => c.title },
  { name: 'description', description: 'or empty', value: (c) => c.description },
  { name: 'deliverable', description: 'or empty', value: (c) => c.deliverable },
  { name: 'measureIndicator', description: 'or empty', value: (c) => c.measure?.indicator },
  { name: 'measureUnit', description: 'or empty', value: (c) => c.measure?.unit },
  { name: 'measureTarget', description: 'a decimal string, or empty', value: (c) => c.measure?.target },
  { name: 'dueDate', description: 'the due date in force, YYYY-MM-DD', value: (c) => c.dueDate },
  { name: 'originalDueDate', description: 'YYYY-MM-DD', value: (c) => c.originalDueDate },
  { name: 'status', description: 'at asOf', value: (c) => c.status },
  { name: 'goalId', description: 'or empty', value: (c) => c.goalId },
  { name: 'partnershipId', description: 'or empty', value: (c) => c.partnershipId },
  { name: 'deliveredOn', description: 'the delivery claimed, YYYY-MM-DD, or empty', value: (c) => c.delivery?.deliveredOn },
  { name: 'deliveredValue', description: 'or empty', value: (c) => c.delivery?.value },
  { name: 'progressReports', description: 'how many', value: (c) => c.progressReports },
  { name: 'pendingRevision', description: 'true or false', value: (c) => c.pendingRevision },
  { name: 'lastEventPosition', description: 'the position of the event that made this version', value: (c) => c.lastEvent.position },
  { name: 'lastEventRecordedAt', description: 'ISO 8601', value: (c) => c.lastEvent.recordedAt },
];

export const PLEDGE_COLUMNS: readonly CsvColumn<PledgeListItem>[] = [
  { name: 'id', description: 'the pledge', value: (p) => p.id },
  { name: 'collaborativeId', description: 'its collaborative', value: (p) => p.collaborativeId },
  { name: 'funder', description: 'the organization that pledged', value: (p) => p.funder },
  { name: 'recipientOrganizationId', description: 'or empty', value: (p) => ('organizationId' in p.recipient ? p.recipient.organizationId : null) },
  { name: 'recipientCollaborativeId', description: 'or empty', value: (p) => ('collaborativeId' in p.recipient ? p.recipient.collaborativeId : null) },
  { name: 'purpose', description: 'what for', value: (p) => p.purpose },
  { name: 'binding', description: 'true: a firm commitment of funds', value: (p) => p.binding },
  { name: 'madeOn', description: 'YYYY-MM-DD, or empty', value: (p) => p.madeOn },
  { name: 'status', description: 'at asOf', value: (p) => p.status },
  { name: 'currency', description: 'ISO 4217, of every amount of the row', value: (p) => p.pledged.currency },
  { name: 'pledged', description: 'decimal string', value: (p) => p.pledged.amount },
  { name: 'disbursed', description: 'decimal string', value: (p) => p.disbursed.amount },
  { name: 'confirmed', description: 'decimal string', value: (p) => p.confirmed.amount },
  { name: 'cancelled', description: 'decimal string', value: (p) => p.cancelled.amount },
  { name: 'outstanding', description: 'decimal string', value: (p) => p.outstanding.amount },
  { name: 'overdueInstallments', description: 'how many installments are overdue at asOf', value: (p) => p.overdueInstallments.length },
  { name: 'disbursementCount', description: 'how many disbursements', value: (p) => p.disbursementCount },
  { name: 'acknowledgedBy', description: 'or empty', value: (p) => p.acknowledgedBy },
  { name: 'lastEventPosition', description: 'the position of the event that made this version', value: (p) => p.lastEvent.position },
  { name: 'lastEventRecordedAt', description: 'ISO 8601', value: (p) => p.lastEvent.recordedAt },
];

export type DisbursementItem = PledgeView['disbursements'][number] & { pledgeId: string };

export const DISBURSEMENT_COLUMNS: readonly CsvColumn<DisbursementItem>[] = [
  { name: 'pledgeId', description: 'the pledge', value: (d) => d.pledgeId },
  { name: 'disbursementId', description: 'the disbursement', value: (d) => d.disbursementId },
  { name: 'currency', description: 'ISO 4217', value: (d) => d.amount.currency },
  { name: 'amount', description: 'decimal string', value: (d) => d.amount.amount },
  { name: 'disbursedOn', description: 'YYYY-MM-DD', value: (d) => d.disbursedOn },
  { name: 'reference', description: "the funder's reference", value: (d) => d.reference },
  { name: 'receivedOn', description: 'receipt confirmed by the recipient, YYYY-MM-DD, or empty', value: (d) => d.receivedOn },
];

export const RESOLUTION_COLUMNS: readonly CsvColumn<ResolutionListItem>[] = [
  { name: 'id', description: 'the resolution', value: (r) => r.id },
  { name: 'collaborativeId', description: 'its collaborative', value: (r) => r.collaborativeId },
  { name: 'title', description: 'what it decides', value: (r) => r.title },
  { name: 'matter', description: 'the charter matter', value: (r) => r.matter },
  { name: 'proposedBy', description: 'the organization', value: (r) => r.proposedBy },
  { name: 'proposedAt', description: 'ISO 8601', value: (r) => r.proposedAt },
  { name: 'votingClosesAt', description: 'ISO 8601', value: (r) => r.votingClosesAt },
  { name: 'status', description: 'at asOf', value: (r) => r.status },
  { name: 'outcome', description: 'adopted, rejected, lapsed, or empty', value: (r) => r.outcome },
  { name: 'closedAt', description: 'ISO 8601, or empty', value: (r) => r.closure?.closedAt },
  { name: 'eligible', description: 'voters', value: (r) => r.tally.eligible },
  { name: 'for', description: 'votes', value: (r) => r.tally.for },
  { name: 'against', description: 'votes', value: (r) => r.tally.against },
  { name: 'abstain', description: 'votes', value: (r) => r.tally.abstain },
  { name: 'recused', description: 'organizations', value: (r) => r.tally.recused },
  { name: 'quorumMet', description: 'true or false', value: (r) => r.tally.quorumMet },
  { name: 'thresholdMet', description: 'true or false', value: (r) => r.tally.thresholdMet },
  { name: 'meetingId', description: 'or empty', value: (r) => r.meetingId },
  { name: 'lastEventPosition', description: 'the position of the event that made this version', value: (r) => r.lastEvent.position },
];
