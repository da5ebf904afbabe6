import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { streamIdOf } from '@ledger/domain';
import { ApiAllowedActions } from '../actions/allowed-action.dto';
import { ALLOWED_ACTIONS_NOTE, AllowedActionsService } from '../actions/allowed-actions.service';
import { resolvePrincipal } from '../commands/principal';
import { problem } from '../http/problem-details.filter';
import { RecordIdParam, SubRecordParams } from '../records/shared/params';
import { notFound } from './commitment-queries.controller';
import { AsOfQuery } from './queries.dto';
import { QueryService } from './query.service';

/** An organization's scorecard: what it promised, and what became of it. */
@ApiTags('organizations')
@Controller('organizations')
export class OrganizationAccountabilityController {
  constructor(
    private readonly service: QueryService,
    private readonly actions: AllowedActionsService,
  ) {}

  @Get(':id')
  @ApiOperation({
    summary: 'One organization: name, sector, signing keys',
    description:
      'Read by the organization itself, the operator, registry auditors and the members of its collaboratives (organization records are ' +
      `public to members, as their events are). ${ALLOWED_ACTIONS_NOTE}`,
  })
  @ApiAllowedActions()
  async one(@Param() params: RecordIdParam, @Query() query: AsOfQuery, @Req() request: FastifyRequest) {
    const scope = await this.service.scopeOf(request);
    if (!this.service.policy.canReadEvent(scope, streamIdOf('organization', params.id))) {
      throw problem(403, 'forbidden', 'not allowed', `not allowed to read organization ${params.id}: you are not a member of any collaborative`, { code: 'not_a_member' });
    }
    const answer = await this.service.answer(query.asOf, async (m) => {
      const view = await this.service.queries.organization(params.id, m);
      if (!view) throw notFound('organization', params.id, m.iso);
      return { ...view, asOf: m.iso };
    });
    return { ...answer, allowedActions: await this.actions.of('organization', params.id, resolvePrincipal(request), query.asOf) };
  }

  @Get(':id/accountability')
  @ApiOperation({
    summary: "The organization's scorecard",
    description:
      'commitments it made (counts by status, onTimeRate), commitmentsReceived (made to it), funds it pledged and fundsReceived ' +
      '(per currency: pledged, disbursed, confirmed, cancelled, outstanding, overdue, indicative), riskShares with each ' +
      "settlement's share, received and paid, settlements totals (receivable, received, owed, paid), declarations (parties, signed, " +
      'in effect), governance { eligibleVotes (resolutions whose voting was over by asOf — closed or awaiting closure, not withdrawn — ' +
      'on which it could vote: in the electorate, not recused), votesCast (of those, the ones it voted on), participationRate ' +
      '(votesCast / eligibleVotes; null when none), recusals, resolutionsProposed }. ' +
      'Rates are percentages as decimal strings; onTimeRate = on time / (on time + late + partially delivered + missed + overdue). ' +
      'A reader other than the organization itself (or the operator, or a registry auditor) sees only what it did in the collaboratives ' +
      'the reader may read: `scope` says { complete: false, collaboratives: [...] } then.',
  })
  async scorecard(@Param() params: RecordIdParam, @Query() query: AsOfQuery, @Req() request: FastifyRequest) {
    // Itself (whole), or an organization sharing a collaborative with the reader (what it did there only).
    const within = this.service.policy.scorecardScope(await this.service.scopeOf(request), params.id);
    return this.service.answer(query.asOf, async (m) => {
      const scorecard = await this.service.queries.scorecard(params.id, m, within);
      if (!scorecard) throw notFound('organization', params.id, m.iso);
      return scorecard;
    });
  }
}

/** A collaborative's summary: the scorecard of the whole partnership, with its shared goals. */
@ApiTags('collaboratives')
@Controller('collaboratives')
export class CollaborativeSummaryController {
  constructor(
    private readonly service: QueryService,
    private readonly actions: AllowedActionsService,
  ) {}

  @Get(':id')
  @ApiOperation({
    summary: 'One collaborative: name, region, pathway phase, members and their roles',
    description:
      'The commands of the collaborative itself (members, goals, measurements, phase, charter) and the records one may create in it ' +
      '(MakeCommitment, MakePledge, DraftDeclaration, ProposeRiskAgreement, ProposeResolution with the matters the caller may propose, ' +
      `RecordMeeting) are its allowedActions. ${ALLOWED_ACTIONS_NOTE}`,
  })
  @ApiAllowedActions()
  async one(@Param() params: RecordIdParam, @Query() query: AsOfQuery, @Req() request: FastifyRequest) {
    this.service.policy.requireCollaborative(await this.service.scopeOf(request), params.id);
    const answer = await this.service.answer(query.asOf, async (m) => {
      const found = await this.service.queries.collaborative(params.id, m);
      if (!found) throw notFound('collaborative', params.id, m.iso);
      return { ...found.view, charterAdopted: found.state.charterAdopted, asOf: m.iso };
    });
    return { ...answer, allowedActions: await this.actions.of('collaborative', params.id, resolvePrincipal(request), query.asOf) };
  }

  @Get(':id/summary')
  @ApiOperation({
    summary: "The collaborative's summary",
    description:
      'members, commitments (counts by status, onTimeRate), funds per currency, risk agreements with settlements, settlement totals, ' +
      'declarations, shared goals with baseline, target, latest measurement and achieved: the share of the targeted change ' +
      'achieved, (latest − baseline) / (target − baseline), as a percentage string, and series: the measurements in period order, ' +
      'each { periodEnd, value (in force), source?, corrections: [{ previousValue, value, reason, correctedAt, source? }] }; and phaseHistory: [{ pathwayPhase, from, ' +
      'resolutionId? }], the pathway phases from the formation, with the resolution that decided each change; and the collaborative\'s ' +
      `allowedActions, as GET /collaboratives/:id answers them. ${ALLOWED_ACTIONS_NOTE}`,
  })
  @ApiAllowedActions()
  async summary(@Param() params: RecordIdParam, @Query() query: AsOfQuery, @Req() request: FastifyRequest) {
    this.service.policy.requireCollaborative(await this.service.scopeOf(request), params.id);
    const summary = await this.service.answer(query.asOf, async (m) => {
      const summary = await this.service.queries.summary(params.id, m);
      if (!summary) throw notFound('collaborative', params.id, m.iso);
      return summary;
    });
    return { ...summary, allowedActions: await this.actions.of('collaborative', params.id, resolvePrincipal(request), query.asOf) };
  }

  @Get(':id/goals/:subId')
  @ApiOperation({
    summary: 'One shared goal with its series of measurements over time',
    description:
      'The goal as it stood at asOf: baseline, target, latestMeasurement, achieved, and series: every measurement recorded by then in ' +
      'period order, { periodEnd, value, source?, corrections }, where value is the value in force (the last correction replaces the ' +
      'recorded value) and corrections lists each correction: { previousValue, value, reason, correctedAt, source? }. Read like the ' +
      "collaborative's summary; 404 goal_not_found for a goal it did not have at asOf.",
  })
  async goal(@Param() params: SubRecordParams, @Query() query: AsOfQuery, @Req() request: FastifyRequest) {
    this.service.policy.requireCollaborative(await this.service.scopeOf(request), params.id);
    return this.service.answer(query.asOf, async (m) => {
      if (!(await this.service.queries.collaborative(params.id, m))) throw notFound('collaborative', params.id, m.iso);
      const goal = await this.service.queries.goal(params.id, params.subId, m);
      if (!goal) throw notFound('goal', params.subId, m.iso);
      return { collaborativeId: params.id, ...goal, asOf: m.iso };
    });
  }
}
