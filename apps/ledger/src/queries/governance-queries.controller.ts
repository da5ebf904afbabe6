import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CharterView, MeetingView, Page, ResolutionListItem, ResolutionStatusFilter, ResolutionView } from '@ledger/projections';
import { ApiAllowedActions } from '../actions/allowed-action.dto';
import { ALLOWED_ACTIONS_NOTE, AllowedActionsService, type AllowedAction } from '../actions/allowed-actions.service';
import { resolvePrincipal } from '../commands/principal';
import { RecordIdParam } from '../records/shared/params';
import { notFound } from './commitment-queries.controller';
import { DecisionListQuery, MeetingListQuery, ResolutionListQuery } from './governance-queries.dto';
import { AsOfQuery, limitOf, listParam } from './queries.dto';
import { QueryService } from './query.service';

/** Who votes how is for the collaborative's members; an observer reads the outcome and the tally. */
const VOTES_NOTE =
  'votes (each organization\'s vote in force: organizationId, choice, reason, castAt) is shown to the members of the collaborative ' +
  '(stewards, members, auditors), the operator and registry auditors; an observer of the collaborative gets the resolution without ' +
  'votes — the tally, outcome, electorate and recusals, never who voted how.';

/** Resolutions of the stewardship group: what is put to a vote, the tally, the outcome and the acts carried out. */
@ApiTags('resolutions')
@Controller('resolutions')
export class ResolutionQueriesController {
  constructor(
    private readonly service: QueryService,
    private readonly actions: AllowedActionsService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Resolutions, filtered, newest first',
    description:
      'Answers { items, nextCursor, asOf }. Each item carries id, collaborativeId, title, text, matter, proposedBy, proposedAt, ' +
      'votingClosesAt, meetingId, rule (as it stood when voting opened), status for asOf (voting | awaiting_closure | adopted | ' +
      'rejected | lapsed | withdrawn), tally { eligible, for, against, abstain, recused, notVoted, quorumMet, thresholdMet } (the votes ' +
      'in force at asOf; the final tally once closed), outcome (null until closed), closure, withdrawal, acts, and actEvents: ' +
      '[{ position, streamId, type, recordedAt }], the events its acts appended to the records they act on. No votes in lists: ' +
      'GET /resolutions/:id has them. Pass nextCursor as cursor for the next page: every page answers for the moment of the first.',
  })
  async list(@Query() query: ResolutionListQuery, @Req() request: FastifyRequest): Promise<Page<ResolutionListItem> & { asOf: string }> {
    const scope = await this.service.scopeOf(request);
    if (query.collaborative !== undefined) this.service.policy.requireCollaborative(scope, query.collaborative);
    return this.service.answer(
      query.asOf,
      async (m) => ({
        ...(await this.service.queries.listResolutions(
          {
            collaborativeIn: this.service.policy.visibleCollaboratives(scope),
            collaborative: query.collaborative,
            statuses: listParam<ResolutionStatusFilter>(query.status),
          },
          { limit: limitOf(query.limit), cursor: query.cursor },
          m,
        )),
        asOf: m.iso,
      }),
      { value: query.cursor, keyLength: 2 },
    );
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One resolution: its tally, outcome, votes and the positions of its acts',
    description:
      'As of asOf: the list item\'s answer (status for that moment, tally of the votes in force then, outcome, actEvents recorded by ' +
      `then), with electorate (fixed when voting opened) and recusals [{ organizationId, reason, automatic }]. ${VOTES_NOTE} ${ALLOWED_ACTIONS_NOTE}`,
  })
  @ApiAllowedActions()
  async one(@Param() params: RecordIdParam, @Query() query: AsOfQuery, @Req() request: FastifyRequest): Promise<ResolutionView & { asOf: string; allowedActions: AllowedAction[] }> {
    const scope = await this.service.scopeOf(request);
    const answer = await this.service.answer(query.asOf, async (m) => {
      const view = await this.service.queries.resolution(params.id, m, (collaborativeId) => this.service.policy.canRead(scope, collaborativeId, 'detail'));
      if (!view) throw notFound('resolution', params.id, m.iso);
      this.service.policy.requireCollaborative(scope, view.collaborativeId);
      return { ...view, asOf: m.iso };
    });
    return { ...answer, allowedActions: await this.actions.of('resolution', params.id, resolvePrincipal(request), query.asOf) };
  }
}

/** Meetings of a collaborative, as a steward recorded them. */
@ApiTags('meetings')
@Controller('meetings')
export class MeetingQueriesController {
  constructor(private readonly service: QueryService) {}

  @Get(':id')
  @ApiOperation({
    summary: 'One meeting: attendees, the resolutions it took up, the digest and summary of its minutes',
    description: 'resolutions: [{ id, title, status, outcome }], each resolution it took up as it stood at asOf.',
  })
  async one(@Param() params: RecordIdParam, @Query() query: AsOfQuery, @Req() request: FastifyRequest): Promise<MeetingView & { asOf: string }> {
    const scope = await this.service.scopeOf(request);
    return this.service.answer(query.asOf, async (m) => {
      const view = await this.service.queries.meeting(params.id, m);
      if (!view) throw notFound('meeting', params.id, m.iso);
      this.service.policy.requireCollaborative(scope, view.collaborativeId);
      return { ...view, asOf: m.iso };
    });
  }
}

/** A collaborative's charter and its decisions register. */
@ApiTags('collaboratives')
@Controller('collaboratives')
export class CollaborativeGovernanceController {
  constructor(private readonly service: QueryService) {}

  @Get(':id/charter')
  @ApiOperation({
    summary: 'The charter in force: who decides each matter, and how',
    description:
      'As of asOf: { collaborativeId, charterAdopted, rules: [{ matter, decidedBy (steward | stewards | members), quorumPct, ' +
      'thresholdPct (a percentage string or "consensus"), votingDays, source (default | charter), forRoles? }], lastEvent }. ' +
      'Every matter is listed; those the charter does not name follow the default charter (admit_member twice while it is the ' +
      'default: by a vote of the stewards for stewards and auditors, by one steward for members and observers).',
  })
  async charter(@Param() params: RecordIdParam, @Query() query: AsOfQuery, @Req() request: FastifyRequest): Promise<CharterView & { asOf: string }> {
    this.service.policy.requireCollaborative(await this.service.scopeOf(request), params.id);
    return this.service.answer(query.asOf, async (m) => {
      const charter = await this.service.queries.charter(params.id, m);
      if (!charter) throw notFound('collaborative', params.id, m.iso);
      return { ...charter, asOf: m.iso };
    });
  }

  @Get(':id/meetings')
  @ApiOperation({
    summary: 'The meetings of the collaborative, the latest held first',
    description:
      'Answers { items, nextCursor, asOf }: the meetings recorded by asOf, by the day they were held (then id), latest first, each as ' +
      'GET /meetings/:id answers it (attendees, the resolutions it took up as they stood at asOf, the minutes\' digest and summary).',
  })
  async meetings(@Param() params: RecordIdParam, @Query() query: MeetingListQuery, @Req() request: FastifyRequest): Promise<Page<MeetingView> & { asOf: string }> {
    this.service.policy.requireCollaborative(await this.service.scopeOf(request), params.id);
    return this.service.answer(
      query.asOf,
      async (m) => {
        const [collaborative, page] = await Promise.all([
          this.service.queries.collaborative(params.id, m),
          this.service.queries.meetings(params.id, { limit: limitOf(query.limit), cursor: query.cursor }, m),
        ]);
        if (!collaborative) throw notFound('collaborative', params.id, m.iso);
        return { ...page, asOf: m.iso };
      },
      { value: query.cursor, keyLength: 2 },
    );
  }

  @Get(':id/decisions')
  @ApiOperation({
    summary: 'The decisions register: adopted resolutions, newest decision first',
    description:
      'Answers { items, nextCursor, asOf }: the resolutions adopted by asOf, by the time a steward closed them (closure.closedAt), ' +
      'newest first, each as in GET /resolutions (tally, acts, actEvents; no votes).',
  })
  async decisions(
    @Param() params: RecordIdParam,
    @Query() query: DecisionListQuery,
    @Req() request: FastifyRequest,
  ): Promise<Page<ResolutionListItem> & { asOf: string }> {
    this.service.policy.requireCollaborative(await this.service.scopeOf(request), params.id);
    return this.service.answer(
      query.asOf,
      async (m) => {
        const [collaborative, page] = await Promise.all([
          this.service.queries.collaborative(params.id, m),
          this.service.queries.decisions(params.id, { limit: limitOf(query.limit), cursor: query.cursor }, m),
        ]);
        if (!collaborative) throw notFound('collaborative', params.id, m.iso);
        return { ...page, asOf: m.iso };
      },
      { value: query.cursor, keyLength: 2 },
    );
  }
}
