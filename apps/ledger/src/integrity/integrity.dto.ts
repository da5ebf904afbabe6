import { RECORD_ID } from '@ledger/domain';
import { IsQueryForm, IsText } from '../records/shared/rules';

const SIZE = /^\d{1,15}$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const size = (name: string) => `${name} must be a tree size (a whole number)`;

export class TreeSizeQuery {
  @IsQueryForm(SIZE, size('treeSize'), { optional: true, description: 'Prove against the tree of this size; default: the current one', example: '120' })
  treeSize?: string;
}

export class CheckpointQuery extends TreeSizeQuery {
  @IsQueryForm(/^(true|false)$/, 'cosigned must be true or false', {
    optional: true,
    description: "true: the latest checkpoint the ledger appended to its log that witnesses cosigned, with the cosignatures it holds",
    example: 'true',
  })
  cosigned?: string;

  @IsQueryForm(RECORD_ID, 'collaborative must be a collaborative id', {
    optional: true,
    description: "with cosigned=true: the latest checkpoint a quorum of this collaborative's charter witnesses cosigned (else the latest any of them cosigned), with their tally",
    example: 'upper-valley-partnership',
  })
  collaborative?: string;
}

export class WitnessesQuery {
  @IsQueryForm(RECORD_ID, 'collaborative must be a collaborative id', { description: 'the collaborative whose charter names the witnesses', example: 'upper-valley-partnership' })
  collaborative: string;
}

/** `:treeSize` of POST /ledger/checkpoints/:treeSize/cosignatures. */
export class TreeSizeParam {
  @IsQueryForm(SIZE, size('treeSize'), { example: '120' })
  treeSize: string;
}

/** A witness's cosignature (c2sp.org/tlog-cosignature) of one of the ledger's checkpoints. */
export class CosignatureDto {
  @IsText(400, { example: '— riverside-chc.example/ledger-witness NQju9QAAAABnQP1u…', description: 'the C2SP signature line: em dash, space, witness name, space, base64(key ID ‖ timestamp ‖ Ed25519 signature)' })
  cosignature: string;

  @IsText(2000, {
    optional: true,
    description: 'the checkpoint cosigned (its signed note or JSON document): lets the ledger tell a cosignature of another root (409 checkpoint_root_mismatch) from a bad one',
  })
  checkpoint?: string;
}

export class ConsistencyQuery {
  @IsQueryForm(SIZE, size('from'), { description: 'The earlier tree size (e.g. of a checkpoint you kept)', example: '100' })
  from: string;

  @IsQueryForm(SIZE, size('to'), { optional: true, description: 'The later tree size; default: the current one', example: '120' })
  to?: string;
}

export class EventIdParam {
  @IsQueryForm(UUID, 'eventId must be a UUID')
  eventId: string;
}
