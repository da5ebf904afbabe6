/**
 * The ledger's own stream on its log: the checkpoints it signs (CheckpointSigned, actor the ledger)
 * and the witnesses' cosignatures of them (CheckpointCosigned, actor the witnessing organization).
 * No record keeps it (recordOfStream is null): every reader of raw events may read it.
 */
export const CHECKPOINT_STREAM = 'ledger-checkpoints';
export const CHECKPOINT_EVENT = 'CheckpointSigned';
export const COSIGNATURE_EVENT = 'CheckpointCosigned';
