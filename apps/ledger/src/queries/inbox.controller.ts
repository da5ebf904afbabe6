import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actions, RECORDS, type Actor, type RecordName } from '@ledger/domain';
import type { Moment } from '@ledger/projections';
import { toAllowedActions, type AllowedAction } from '../actions/allowed-actions.service';
import { dryRun } from '../actions/dry-run';
import type { LoadedState, LoadState } from '../commands/decision';
import { resolvePrincipal } from '../commands/principal';
import { problem } from '../http/problem-details.filter';
import { RecordIdParam } from '../records/shared/params';
import { notFound } from './commitment-queries.controller';
import { InboxDto } from './inbox.dto';
import { AsOfQuery } from './queries.dto';
import { QueryService } from './query.service';

/** One thing waiting on the organization, with what it may do about it. */
export interface InboxItem {
  kind: Actions.InboxKind;
  record: RecordName;
  id: string;
  collaborativeId: string;
  title: string;
  target?: Record<string, string>;
  dueDate?: string;
  overdue?: boolean;
  amount?: { currency: string; amount: string };
  /** The record's stream revision the item was read at: send it as If-Match. */
  streamRevision: number;
  /** The commands of the item's kind the organization may send now (none with asOf), as allowedActions. */
  actions: AllowedAction[];
}

export interface Inbox {
  organizationId: string;
  asOf: string;
  counts: { total: number } & Partial<Record<Actions.InboxKind, number>>;
  items: InboxItem[];
}

const KIND_ORDER = new Map(Actions.INBOX_KIND_NAMES.map((kind, i) => [kind, i]));

/** What waits on an organization (LEDGER.md, "Acting in the web app"). */
@ApiTags('organizations')
@Controller('organizations')
export class InboxController {
  constructor(private readonly service: QueryService) {}

  @Get(':id/inbox')
  @ApiOperation({
    summary: 'What waits on the organization, with counts',
    description:
      'Only the organization itself (or the operator) reads it; 403 not_the_organization otherwise. Answers { organizationId, asOf, ' +
      'counts: { total, <kind>: n }, items: [{ kind, record, id, collaborativeId, title, target?, dueDate?, overdue?, amount?, ' +
      'streamRevision, actions }] }, overdue items first, then by due date. Kinds: commitment_to_accept, revision_to_accept, ' +
      'delivery_to_confirm, dispute_to_resolve, commitment_due (its own, due within 14 days or overdue), pledge_to_acknowledge, ' +
      'receipt_to_confirm (target: disbursementId), installment_due (its own, due within 14 days or overdue, with the amount not yet ' +
      'disbursed), declaration_to_sign, risk_agreement_to_sign, risk_result_to_record, resolution_to_vote (not yet voted), ' +
      'resolution_to_close. An item is listed exactly where the ledger would let the organization take that step (a dry run of the ' +
      "record's rules for it, on the read models as of asOf); actions are its allowedActions for the item, empty with asOf.",
  })
  @ApiOkResponse({ type: InboxDto })
  async inbox(@Param() params: RecordIdParam, @Query() query: AsOfQuery, @Req() request: FastifyRequest): Promise<Inbox> {
    const principal = resolvePrincipal(request);
    if (principal.kind !== 'operator' && principal.organizationId !== params.id) {
      throw problem(403, 'forbidden', 'not allowed', `only ${params.id} itself (or the operator) reads its inbox`, { code: 'not_the_organization' });
    }
    return this.service.answer(query.asOf, async (m) => {
      if (!(await this.service.queries.organization(params.id, m))) throw notFound('organization', params.id, m.iso);
      const items = await this.itemsAt(params.id, m, query.asOf !== undefined);
      const counts: Inbox['counts'] = { total: items.length };
      for (const item of items) counts[item.kind] = (counts[item.kind] ?? 0) + 1;
      return { organizationId: params.id, asOf: m.iso, counts, items };
    });
  }

  /** The candidates (by index, from the read models), each kept where the domain says it waits on the organization. */
  private async itemsAt(organizationId: string, m: Moment, past: boolean): Promise<InboxItem[]> {
    const queries = this.service.queries;
    const horizon = Actions.daysAfter(m.date, Actions.INBOX_HORIZON_DAYS);
    const { records } = await queries.inboxCandidates(organizationId, m, horizon);
    // What waits on the organization is what it may do, whoever reads its inbox.
    const actor: Actor = { kind: 'organization', organizationId };
    const loaded = new Map<string, Promise<LoadedState>>();
    const load: LoadState = (record, id) => {
      const key = `${record}-${id}`;
      let state = loaded.get(key);
      if (!state) {
        state = queries.recordState(RECORDS[record].kind, id, m).then((at) => ({ state: at?.state ?? null, revision: at?.last.streamRevision ?? null }));
        loaded.set(key, state);
      }
      return state;
    };
    const items: InboxItem[] = [];
    for (const candidate of records) {
      const { state, last } = candidate.at;
      loaded.set(`${candidate.record}-${candidate.id}`, Promise.resolve({ state, revision: last.streamRevision }));
      const probes = Actions.actionProbes(candidate.record, state, { actor, now: m.iso, today: m.date });
      const permitted = await dryRun(probes, load, actor, m.iso);
      for (const entry of Actions.inboxEntries(candidate.record, state, organizationId, permitted, m.iso)) {
        const { commands, target, ...rest } = entry;
        items.push({
          ...rest,
          ...(target && { target: { [target.field]: target.id } }),
          streamRevision: last.streamRevision,
          actions: past ? [] : toAllowedActions(commands),
        });
      }
    }
    return items.sort(byUrgency);
  }
}

/** Overdue first, then by due date (undated last), then by kind and record. */
function byUrgency(a: InboxItem, b: InboxItem): number {
  return (
    Number(b.overdue === true) - Number(a.overdue === true) ||
    (a.dueDate ?? '9999-12-31').localeCompare(b.dueDate ?? '9999-12-31') ||
    KIND_ORDER.get(a.kind)! - KIND_ORDER.get(b.kind)! ||
    a.id.localeCompare(b.id)
  );
}
