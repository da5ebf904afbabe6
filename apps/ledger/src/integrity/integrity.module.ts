import { Module } from '@nestjs/common';
import { RecordStates } from '../commands/record-states';
import { Leadership } from '../cluster/leadership.service';
import { Checkpoints } from './checkpoints.service';
import { CosignaturesController } from './cosignatures.controller';
import { Cosignatures } from './cosignatures.service';
import { IntegrityController } from './integrity.controller';
import { MerkleLog } from './merkle-log.service';

/** The Merkle log, signed checkpoints (on request, and appended periodically by the leader), proofs, and witnesses' cosignatures. */
@Module({ controllers: [IntegrityController, CosignaturesController], providers: [MerkleLog, Checkpoints, Cosignatures, RecordStates], exports: [MerkleLog, Checkpoints] })
export class IntegrityModule {
  constructor(leadership: Leadership, checkpoints: Checkpoints) {
    leadership.register(checkpoints);
  }
}
