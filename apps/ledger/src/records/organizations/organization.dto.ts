import { Organization, SHORT_TEXT } from '@ledger/domain';
import { IsKeyId, IsOneOf, IsPublicKey, IsRecordId, IsText } from '../shared/dto';

export class RegisterOrganizationDto {
  @IsRecordId()
  id: string;

  @IsText(SHORT_TEXT, { example: 'Upper Valley Health' })
  name: string;

  @IsOneOf(Organization.SECTORS, { example: 'hospital' })
  sector: string;
}

export class SigningKeyDto {
  @IsKeyId({ optional: true })
  keyId?: string;

  @IsPublicKey({ description: 'Ed25519 public key: base64 of the raw 32 bytes' })
  publicKey: string;
}
