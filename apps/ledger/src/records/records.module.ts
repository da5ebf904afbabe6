import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CommandAnswerInterceptor } from '../commands/command-answer.interceptor';
import { RecordCommandHandler } from '../commands/record-command.handler';
import { ActionsModule } from '../actions/actions.module';
import { ApiKeyIssuer } from './api-keys/api-key-issuer.service';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { MeetingsController } from './meetings/meetings.controller';
import { ResolutionsController } from './resolutions/resolutions.controller';
import { CollaborativesController } from './collaboratives/collaboratives.controller';
import { CommitmentsController } from './commitments/commitments.controller';
import { OrganizationsController } from './organizations/organizations.controller';
import { PartnershipsController } from './partnerships/partnerships.controller';
import { PledgesController } from './pledges/pledges.controller';
import { RiskAgreementsController } from './risk-agreements/risk-agreements.controller';

/** The write side: every record's commands over HTTP, each controller → the one CQRS command handler → the store. */
@Module({
  imports: [CqrsModule.forRoot(), ActionsModule],
  controllers: [
    ApiKeysController,
    OrganizationsController,
    CollaborativesController,
    PartnershipsController,
    CommitmentsController,
    PledgesController,
    RiskAgreementsController,
    ResolutionsController,
    MeetingsController,
  ],
  providers: [RecordCommandHandler, ApiKeyIssuer, { provide: APP_INTERCEPTOR, useClass: CommandAnswerInterceptor }],
})
export class RecordsModule {}
