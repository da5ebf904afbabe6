import { IsRecordId, IsSubRecordId } from './rules';

/** `:id`: a record id (RECORD_ID): an organization's or collaborative's slug, or a UUID the ledger gave. */
export class RecordIdParam {
  @IsRecordId()
  id: string;
}

/** `:id` and the id of a part of the record (a signing key, revision, disbursement, settlement, member, goal). */
export class SubRecordParams extends RecordIdParam {
  @IsSubRecordId()
  subId: string;
}
