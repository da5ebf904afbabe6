import { Controller, Get, Param, Query, Req, type StreamableFile } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Moment, Page, PledgeListItem, PledgeView } from '@ledger/projections';
import { ApiAllowedActions } from '../actions/allowed-action.dto';
import { ALLOWED_ACTIONS_NOTE, AllowedActionsService, type AllowedAction } from '../actions/allowed-actions.service';
import { resolvePrincipal } from '../commands/principal';
import { RecordIdParam } from '../records/shared/params';
import { notFound } from './commitment-queries.controller';
import { CSV_PAGE, csvAnswer, describeColumns, DISBURSEMENT_COLUMNS, PLEDGE_COLUMNS, wantsCsv, type DisbursementItem } from './csv-export';
import { AsOfQuery, DisbursementListQuery, limitOf, listParam, PledgeListQuery } from './queries.dto';
import { QueryService } from './query.service';

/** Funding pledges: pledged, disbursed, confirmed, outstanding — now or as of any past moment. */
@ApiTags('pledges')
@Controller('pledges')
export class PledgeQueriesController {
  constructor(
    private readonly service: QueryService,
    private readonly actions: AllowedActionsService,
  ) {}

  @Get()
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({
    summary: 'Funding pledges, filtered, oldest first',
    description:
      'Answers { items, nextCursor, asOf }; money as { currency, amount } with a decimal string. Overdue installments are for asOf. ' +
      'Each item carries the figures and disbursementCount; GET /pledges/:id lists the disbursements themselves. ' +
      describeColumns(PLEDGE_COLUMNS),
  })
  async list(@Query() query: PledgeListQuery, @Req() request: FastifyRequest): Promise<(Page<PledgeListItem> & { asOf: string }) | StreamableFile> {
    const scope = await this.service.scopeOf(request);
    if (query.collaborative !== undefined) this.service.policy.requireCollaborative(scope, query.collaborative);
    const filter = {
      collaborativeIn: this.service.policy.visibleCollaboratives(scope),
      funder: query.funder,
      recipient: query.recipient,
      collaborative: query.collaborative,
      statuses: listParam(query.status),
    };
    if (wantsCsv(request, query.format)) {
      return csvAnswer(this.service, 'pledges', PLEDGE_COLUMNS, { asOf: query.asOf, cursor: query.cursor, keyLength: 1 }, (cursor, m) =>
        this.service.queries.listPledges(filter, { limit: CSV_PAGE, cursor }, m),
      );
    }
    return this.service.answer(
      query.asOf,
      async (m) => ({ ...(await this.service.queries.listPledges(filter, { limit: limitOf(query.limit), cursor: query.cursor }, m)), asOf: m.iso }),
      { value: query.cursor, keyLength: 1 },
    );
  }

  @Get(':id/disbursements')
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({
    summary: "A pledge's disbursements, in the order they were recorded",
    description:
      'Answers { items, nextCursor: null, asOf }: each { pledgeId, disbursementId, amount, disbursedOn, reference, receivedOn? } as of asOf ' +
      '(every disbursement of the pledge in one page). ' +
      describeColumns(DISBURSEMENT_COLUMNS),
  })
  async disbursements(
    @Param() params: RecordIdParam,
    @Query() query: DisbursementListQuery,
    @Req() request: FastifyRequest,
  ): Promise<(Page<DisbursementItem> & { asOf: string }) | StreamableFile> {
    const scope = await this.service.scopeOf(request);
    const read = async (m: Moment): Promise<Page<DisbursementItem>> => {
      const view = await this.service.queries.pledge(params.id, m);
      if (!view) throw notFound('pledge', params.id, m.iso);
      this.service.policy.requireCollaborative(scope, view.collaborativeId);
      return { items: view.disbursements.map((d) => ({ pledgeId: view.id, ...d })), nextCursor: null };
    };
    if (wantsCsv(request, query.format)) {
      return csvAnswer(this.service, `pledge-${params.id}-disbursements`, DISBURSEMENT_COLUMNS, { asOf: query.asOf, keyLength: 1 }, (_cursor, m) => read(m));
    }
    return this.service.answer(query.asOf, async (m) => ({ ...(await read(m)), asOf: m.iso }));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One pledge: pledged, disbursed, confirmed, cancelled, outstanding, overdue installments', description: ALLOWED_ACTIONS_NOTE })
  @ApiAllowedActions()
  async one(@Param() params: RecordIdParam, @Query() query: AsOfQuery, @Req() request: FastifyRequest): Promise<PledgeView & { asOf: string; allowedActions: AllowedAction[] }> {
    const scope = await this.service.scopeOf(request);
    const answer = await this.service.answer(query.asOf, async (m) => {
      const view = await this.service.queries.pledge(params.id, m);
      if (!view) throw notFound('pledge', params.id, m.iso);
      this.service.policy.requireCollaborative(scope, view.collaborativeId);
      return { ...view, asOf: m.iso };
    });
    return { ...answer, allowedActions: await this.actions.of('pledge', params.id, resolvePrincipal(request), query.asOf) };
  }
}
