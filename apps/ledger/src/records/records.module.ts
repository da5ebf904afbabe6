import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CommandExecutor } from '../commands/command-executor.service';
import { CommandHttp } from '../commands/command-http';
import { ExecuteRecordCommandHandler } from '../commands/execute-record-command';
import { RecordLoader } from '../commands/record-loader';
import { ApiKeyIssuer } from './api-keys/api-key-issuer.service';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { CollaborativesController } from './collaboratives/collaboratives.controller';
import { CommitmentsController } from './commitments/commitments.controller';
import { OrganizationsController } from './organizations/organizations.controller';
import { PartnershipsController } from './partnerships/partnerships.controller';
import { PledgesController } from './pledges/pledges.controller';
import { RiskAgreementsController } from './risk-agreements/risk-agreements.controller';

/** The write side: every record's commands over HTTP, through one CQRS command handler. */
@Module({
  imports: [CqrsModule.forRoot()],
  controllers: [
    ApiKeysController,
    OrganizationsController,
    CollaborativesController,
    PartnershipsController,
    CommitmentsController,
    PledgesController,
    RiskAgreementsController,
  ],
  providers: [RecordLoader, CommandExecutor, CommandHttp, ExecuteRecordCommandHandler, ApiKeyIssuer],
  exports: [RecordLoader, CommandExecutor, ApiKeyIssuer],
})
export class RecordsModule {}
