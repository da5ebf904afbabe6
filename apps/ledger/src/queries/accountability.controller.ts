import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RecordIdParam } from '../records/shared/params';
import { notFound } from './commitment-queries.controller';
import { AsOfQuery } from './queries.dto';
import { QueryService } from './query.service';

/** An organization's scorecard: what it promised, and what became of it. */
@ApiTags('organizations')
@Controller('organizations')
export class OrganizationAccountabilityController {
  constructor(private readonly service: QueryService) {}

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
  constructor(private readonly service: QueryService) {}

  @Get(':id/summary')
  @ApiOperation({
    summary: "The collaborative's summary",
    description:
      'members, commitments (counts by status, onTimeRate), funds per currency, risk agreements with settlements, settlement totals, ' +
      'declarations, shared goals with baseline, target, latest measurement and achieved: the share of the targeted change ' +
      'achieved, (latest − baseline) / (target − baseline), as a percentage string; and phaseHistory: [{ pathwayPhase, from, ' +
      'resolutionId? }], the pathway phases from the formation, with the resolution that decided each change.',
  })
  async summary(@Param() params: RecordIdParam, @Query() query: AsOfQuery, @Req() request: FastifyRequest) {
    this.service.policy.requireCollaborative(await this.service.scopeOf(request), params.id);
    return this.service.answer(query.asOf, async (m) => {
      const summary = await this.service.queries.summary(params.id, m);
      if (!summary) throw notFound('collaborative', params.id, m.iso);
      return summary;
    });
  }
}
