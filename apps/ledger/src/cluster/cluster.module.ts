import { Global, Module } from '@nestjs/common';
import { Leadership } from './leadership.service';

/**
 * Several ledger servers on one PostgreSQL database: the leader election (Leadership) that every
 * module with work for one server at a time registers that work with (LeaderOnly).
 */
@Global()
@Module({ providers: [Leadership], exports: [Leadership] })
export class ClusterModule {}
