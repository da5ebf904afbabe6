import { IsString, Matches } from 'class-validator';
import { RECORD_ID } from './dto';

const message = { message: '$property must be a record id (letters, digits and -, up to 64)' };

export class RecordIdParam {
  @IsString()
  @Matches(RECORD_ID, message)
  id: string;
}

/** `:id` and a sub-record's id (revision, disbursement, settlement, key, member...). */
export class SubRecordParams extends RecordIdParam {
  @IsString()
  @Matches(RECORD_ID, message)
  subId: string;
}
