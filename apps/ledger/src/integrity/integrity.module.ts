import { Module } from '@nestjs/common';
import { Checkpoints } from './checkpoints.service';
import { IntegrityController } from './integrity.controller';
import { MerkleLog } from './merkle-log.service';

/** The Merkle log, signed checkpoints (on request and appended periodically) and proofs. */
@Module({ controllers: [IntegrityController], providers: [MerkleLog, Checkpoints], exports: [MerkleLog, Checkpoints] })
export class IntegrityModule {}
