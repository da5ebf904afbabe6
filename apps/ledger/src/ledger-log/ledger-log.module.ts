import { Module } from '@nestjs/common';
import { LedgerEventsController } from './ledger-events.controller';
import { LedgerStreamController } from './ledger-stream.controller';
import { LiveStreams } from './live-streams.service';

/** The raw log for auditors and members: paged (`/ledger/events`) and live (`/ledger/stream`). */
@Module({ controllers: [LedgerEventsController, LedgerStreamController], providers: [LiveStreams], exports: [LiveStreams] })
export class LedgerLogModule {}
