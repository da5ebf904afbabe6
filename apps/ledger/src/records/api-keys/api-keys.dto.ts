import { LABEL_TEXT } from '@ledger/domain';
import { IsApiKeyId, IsRecordId, IsText } from '../shared/dto';

export class IssueApiKeyDto {
  @IsRecordId({ description: 'The organization the key will act for', example: 'riverside-chc' })
  organizationId: string;

  @IsText(LABEL_TEXT, { optional: true, description: 'What the key is for, to recognize it in lists', example: 'intake desk' })
  label?: string;
}

export class ApiKeyIdParam {
  @IsApiKeyId()
  keyId: string;
}
