import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actions } from '@ledger/domain';
import { resolvePrincipal } from '../commands/principal';
import { problem } from '../http/problem-details.filter';
import { RecordIdParam } from '../records/shared/params';
import { notFound } from './commitment-queries.controller';
import { InboxDto } from './inbox.dto';
import { InboxService, type InboxItem } from './inbox.service';
import { AsOfQuery } from './queries.dto';
import { QueryService } from './query.service';

export interface Inbox {
  organizationId: string;
  asOf: string;
  counts: { total: number } & Partial<Record<Actions.InboxKind, number>>;
  items: InboxItem[];
}

/** What waits on an organization (LEDGER.md, "Acting in the web app"). */
@ApiTags('organizations')
@Controller('organizations')
export class InboxController {
  constructor(
    private readonly service: QueryService,
    private readonly inboxes: InboxService,
  ) {}

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
      const items = await this.inboxes.itemsAt(params.id, m, query.asOf === undefined);
      const counts: Inbox['counts'] = { total: items.length };
      for (const item of items) counts[item.kind] = (counts[item.kind] ?? 0) + 1;
      return { organizationId: params.id, asOf: m.iso, counts, items };
    });
  }

}
