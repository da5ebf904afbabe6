import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Page, PledgeListItem, PledgeView } from '@ledger/projections';
import { ApiAllowedActions } from '../actions/allowed-action.dto';
import { ALLOWED_ACTIONS_NOTE, AllowedActionsService, type AllowedAction } from '../actions/allowed-actions.service';
import { resolvePrincipal } from '../commands/principal';
import { RecordIdParam } from '../records/shared/params';
import { notFound } from './commitment-queries.controller';
import { AsOfQuery, limitOf, listParam, PledgeListQuery } from './queries.dto';
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
  @ApiOperation({
    summary: 'Funding pledges, filtered, oldest first',
    description:
      'Answers { items, nextCursor, asOf }; money as { currency, amount } with a decimal string. Overdue installments are for asOf. ' +
      'Each item carries the figures and disbursementCount; GET /pledges/:id lists the disbursements themselves.',
  })
  async list(@Query() query: PledgeListQuery, @Req() request: FastifyRequest): Promise<Page<PledgeListItem> & { asOf: string }> {
    const scope = await this.service.scopeOf(request);
    if (query.collaborative !== undefined) this.service.policy.requireCollaborative(scope, query.collaborative);
    return this.service.answer(
      query.asOf,
      async (m) => ({
        ...(await this.service.queries.listPledges(
          {
            collaborativeIn: this.service.policy.visibleCollaboratives(scope),
            funder: query.funder,
            recipient: query.recipient,
            collaborative: query.collaborative,
            statuses: listParam(query.status),
          },
          { limit: limitOf(query.limit), cursor: query.cursor },
          m,
        )),
        asOf: m.iso,
      }),
      { value: query.cursor, keyLength: 1 },
    );
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
