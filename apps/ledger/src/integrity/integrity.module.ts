import { Module } from '@nestjs/common';
import { Leadership } from '../cluster/leadership.service';
import { Checkpoints } from './checkpoints.service';
import { IntegrityController } from './integrity.controller';
import { MerkleLog } from './merkle-log.service';

/** The Merkle log, signed checkpoints (on request, and appended periodically by the leader) and proofs. */
@Module({ controllers: [IntegrityController], providers: [MerkleLog, Checkpoints], exports: [MerkleLog, Checkpoints] })
export class IntegrityModule {
  constructor(leadership: Leadership, checkpoints: Checkpoints) {
    leadership.register(checkpoints);
  }
}
