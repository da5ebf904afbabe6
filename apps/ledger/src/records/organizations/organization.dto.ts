import { InvalidCommandError, Organization, SHORT_TEXT } from '@ledger/domain';
import { CosignatureError, parseWitnessKey, type WitnessKey } from '@ledger/integrity';
import { DomainRule, IsKeyId, IsOneOf, IsPublicKey, IsRecordId, IsText, property } from '../shared/dto';

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

/**
 * A witness's verifier key as C2SP signed-note writes it, `<name>+<key ID>+base64(0x04 ‖ key)` (the
 * line the member's witness prints on start); its key ID must be the one its name and key give.
 */
export function readWitnessKey(value: unknown, path: string): WitnessKey {
  if (typeof value !== 'string' || value.length > 400) throw new InvalidCommandError('invalid_witness_key', `${path} must be a witness's verifier key (name+keyID+base64 key)`, path);
  try {
    return parseWitnessKey(value);
  } catch (error) {
    if (error instanceof CosignatureError) throw new InvalidCommandError('invalid_witness_key', `${path}: ${error.message}`, path);
    throw error;
  }
}

export class WitnessKeyDto {
  @property(
    {},
    {
      type: 'string',
      maxLength: 400,
      example: 'riverside-chc.example/ledger-witness+3508eeb5+BFFL3BATerzrMmJw1aQC5RNQiVZbfWiix4a0suQLW2f9',
      description: "the witness's C2SP verifier key: name+keyID+base64(0x04 ‖ Ed25519 public key)",
    },
  )
  @DomainRule(['invalid_witness_key'], readWitnessKey)
  vkey: string;
}
