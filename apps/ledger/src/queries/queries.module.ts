import { Module } from '@nestjs/common';
import { Leadership } from '../cluster/leadership.service';
import type { LedgerConfig } from '@ledger/config';
import type { EventStore } from '@ledger/event-store';
import { openReadModels, type ReadModelStorage } from '@ledger/projections';
import { ActionsModule } from '../actions/actions.module';
import { EVENT_STORE, LEDGER_CONFIG } from '../infrastructure/tokens';
import { CollaborativeSummaryController, OrganizationAccountabilityController } from './accountability.controller';
import { PartnershipQueriesController, RiskAgreementQueriesController } from './agreement-queries.controller';
import { CommitmentQueriesController } from './commitment-queries.controller';
import { CollaborativeGovernanceController, MeetingQueriesController, ResolutionQueriesController } from './governance-queries.controller';
import { InboxController } from './inbox.controller';
import { InboxService } from './inbox.service';
import { PledgeQueriesController } from './pledge-queries.controller';
import { ProjectionService } from './projection.service';
import { QueryService } from './query.service';
import { READ_MODELS } from './tokens';

/**
 * The read side: the read models (beside the events), the projector that keeps them current, and
 * the GET queries of LEDGER.md. The write side's controllers share these paths for their POSTs.
 */
@Module({
  imports: [ActionsModule],
  controllers: [
    CommitmentQueriesController,
    PledgeQueriesController,
    PartnershipQueriesController,
    RiskAgreementQueriesController,
    OrganizationAccountabilityController,
    CollaborativeSummaryController,
    ResolutionQueriesController,
    MeetingQueriesController,
    CollaborativeGovernanceController,
    InboxController,
  ],
  providers: [
    {
      provide: READ_MODELS,
      inject: [LEDGER_CONFIG, EVENT_STORE],
      useFactory: (config: LedgerConfig, store: EventStore): Promise<ReadModelStorage> => openReadModels(config, store),
    },
    ProjectionService,
    QueryService,
    InboxService,
  ],
  exports: [ProjectionService, QueryService, InboxService, READ_MODELS],
})
export class QueriesModule {
  constructor(leadership: Leadership, projections: ProjectionService) {
    leadership.register(projections);
  }
}
