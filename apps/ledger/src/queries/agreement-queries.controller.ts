import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { PartnershipView, RiskAgreementView } from '@ledger/projections';
import { ApiAllowedActions } from '../actions/allowed-action.dto';
import { ALLOWED_ACTIONS_NOTE, AllowedActionsService, type AllowedAction } from '../actions/allowed-actions.service';
import { resolvePrincipal } from '../commands/principal';
import { RecordIdParam } from '../records/shared/params';
import { notFound } from './commitment-queries.controller';
import { AsOfQuery } from './queries.dto';
import { QueryService } from './query.service';

/** Declarations of partnership: state, parties, signatures. */
@ApiTags('partnerships')
@Controller('partnerships')
export class PartnershipQueriesController {
  constructor(
    private readonly service: QueryService,
    private readonly actions: AllowedActionsService,
  ) {}

  @Get(':id')
  @ApiOperation({ summary: 'A declaration of partnership: status, parties, signatures, withdrawals', description: ALLOWED_ACTIONS_NOTE })
  @ApiAllowedActions()
  async one(@Param() params: RecordIdParam, @Query() query: AsOfQuery, @Req() request: FastifyRequest): Promise<PartnershipView & { asOf: string; allowedActions: AllowedAction[] }> {
    const scope = await this.service.scopeOf(request);
    const answer = await this.service.answer(query.asOf, async (m) => {
      const view = await this.service.queries.partnership(params.id, m);
      if (!view) throw notFound('partnership', params.id, m.iso);
      this.service.policy.requireCollaborative(scope, view.collaborativeId);
      return { ...view, asOf: m.iso };
    });
    return { ...answer, allowedActions: await this.actions.of('partnership', params.id, resolvePrincipal(request), query.asOf) };
  }
}

/** Shared-risk agreements: terms, parties, signatures, settlements and payments. */
@ApiTags('risk-agreements')
@Controller('risk-agreements')
export class RiskAgreementQueriesController {
  constructor(
    private readonly service: QueryService,
    private readonly actions: AllowedActionsService,
  ) {}

  @Get(':id')
  @ApiOperation({
    summary: 'A shared-risk agreement: terms, parties, signatures, settlements',
    description:
      'settlements: [{ settlementId, periodEnd, savings, pool, parts: [{ organizationId, amount }], payments, paid }]; pool and parts are negative when the parties owe. ' +
      ALLOWED_ACTIONS_NOTE,
  })
  @ApiAllowedActions()
  async one(@Param() params: RecordIdParam, @Query() query: AsOfQuery, @Req() request: FastifyRequest): Promise<RiskAgreementView & { asOf: string; allowedActions: AllowedAction[] }> {
    const scope = await this.service.scopeOf(request);
    const answer = await this.service.answer(query.asOf, async (m) => {
      const view = await this.service.queries.riskAgreement(params.id, m);
      if (!view) throw notFound('risk agreement', params.id, m.iso);
      this.service.policy.requireCollaborative(scope, view.collaborativeId);
      return { ...view, asOf: m.iso };
    });
    return { ...answer, allowedActions: await this.actions.of('risk-agreement', params.id, resolvePrincipal(request), query.asOf) };
  }
}
