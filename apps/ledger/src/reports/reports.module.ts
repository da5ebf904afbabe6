import { Module } from '@nestjs/common';
import { IntegrityModule } from '../integrity/integrity.module';
import { QueriesModule } from '../queries/queries.module';
import { BoardPackService } from './board-pack.service';
import { ReportsController } from './reports.controller';

/** Reports made from the read models: the board pack (PDF, HTML). */
@Module({ imports: [QueriesModule, IntegrityModule], controllers: [ReportsController], providers: [BoardPackService] })
export class ReportsModule {}
