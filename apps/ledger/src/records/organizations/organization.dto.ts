import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { Organization } from '@ledger/domain';
import { ID, idMessage, IsText, RECORD_ID } from '../shared/dto';

export class RegisterOrganizationDto {
  @ApiProperty({ example: 'upper-valley-health' })
  @IsString()
  @Matches(ID, idMessage)
  id: string;

  @ApiProperty({ example: 'Upper Valley Health' })
  @IsText()
  name: string;

  @ApiProperty({ enum: Organization.SECTORS, example: 'hospital' })
  @IsIn([...Organization.SECTORS])
  sector: string;
}

export class SigningKeyDto {
  @ApiPropertyOptional({ example: 'uvh-2026' })
  @IsOptional()
  @IsString()
  @Matches(RECORD_ID, { message: 'keyId must be a record id (letters, digits and -)' })
  keyId?: string;

  @ApiProperty({ example: 'MCowBQYDK2VwAyEA', description: 'Ed25519 public key: base64 of the raw 32 bytes' })
  @IsString()
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'publicKey must be base64 of the raw 32-byte Ed25519 key' })
  publicKey: string;
}
