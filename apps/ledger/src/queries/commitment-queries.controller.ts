import { streamIdOf } from '@ledger/domain';
import { Controller, Get, Inject, Param, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import type { CommitmentStatus } from '@ledger/domain';
import type { CommitmentListItem, CommitmentView, Page } from '@ledger/projections';
import { ApiAllowedActions } from '../actions/allowed-action.dto';
import { ALLOWED_ACTIONS_NOTE, AllowedActionsService, type AllowedAction } from '../actions/allowed-actions.service';
import { resolvePrincipal } from '../commands/principal';
import { problem } from '../http/problem-details.filter';
import { EVENT_STORE } from '../infrastructure/tokens';
import { RecordIdParam } from '../records/shared/params';
import { AsOfQuery, CommitmentListQuery, limitOf, listParam } from './queries.dto';
import { QueryService } from './query.service';

/** Who promised what to whom, and whether it was delivered — now or as of any past moment. */
@ApiTags('commitments')
@Controller('commitments')
export class CommitmentQueriesController {
  constructor(
    private readonly service: QueryService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly actions: AllowedActionsService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Commitments, filtered, in due-date order',
    description:
      'Answers { items, nextCursor, asOf }. Each item carries id, collaborativeId, promisor, promisee, title, dueDate (in force), ' +
      'status (for asOf) and the rest of the commitment but its progress reports and revisions. Pass nextCursor as cursor for ' +
      'the next page: every page of a listing answers for the moment of the first.',
  })
  async list(@Query() query: CommitmentListQuery, @Req() request: FastifyRequest): Promise<Page<CommitmentListItem> & { asOf: string }> {
    const scope = await this.service.scopeOf(request);
    if (query.collaborative !== undefined) this.service.policy.requireCollaborative(scope, query.collaborative);
    return this.service.answer(
      query.asOf,
      async (m) => ({
        ...(await this.service.queries.listCommitments(
          {
            collaborativeIn: this.service.policy.visibleCollaboratives(scope),
            promisor: query.promisor,
            promisee: query.promisee,
            collaborative: query.collaborative,
            statuses: listParam<CommitmentStatus>(query.status),
            goal: query.goal,
            dueBefore: query.dueBefore,
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
    summary: 'One commitment, its status and its full event history',
    description:
      'As of asOf: the commitment as it stood then, its status for that moment, and the events recorded up to then ' +
      '(history: left out for an observer of the collaborative, who reads its public projections only). ' +
      ALLOWED_ACTIONS_NOTE,
  })
  @ApiAllowedActions()
  async one(
    @Param() params: RecordIdParam,
    @Query() query: AsOfQuery,
    @Req() request: FastifyRequest,
  ): Promise<CommitmentView & { asOf: string; history?: RecordedEvent[]; allowedActions: AllowedAction[] }> {
    const scope = await this.service.scopeOf(request);
    const answer = await this.service.answer(query.asOf, async (m) => {
      const [view, checkpoint] = await Promise.all([this.service.queries.commitment(params.id, m), this.service.checkpoint()]);
      if (!view) throw notFound('commitment', params.id, m.iso);
      this.service.policy.requireCollaborative(scope, view.collaborativeId);
      if (!this.service.policy.canRead(scope, view.collaborativeId, 'detail')) return { ...view, asOf: m.iso };
      // The history as far as the view goes: recorded by the moment, and already projected.
      const events = await this.store.readStream(streamIdOf('commitment', params.id));
      const history = events.filter((e) => Date.parse(e.recordedAt) <= m.ms && e.position <= Math.max(checkpoint.position, view.lastEvent.position));
      return { ...view, asOf: m.iso, history };
    });
    return { ...answer, allowedActions: await this.actions.of('commitment', params.id, resolvePrincipal(request), query.asOf) };
  }
}


export function notFound(what: string, id: string, asOf: string) {
  return problem(404, 'not-found', 'not found', `there is no ${what} ${id} as of ${asOf}`, { code: `${what.replace(/ /g, '_')}_not_found` });
}
