import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { SettingsFieldsDto } from './settings-fields.dto';

/**
 * Body of `PATCH /api/settings`: any of the fields, and the secrets, which are write-only (a response only
 * says whether each is set).
 */
export class UpdateSettingsDto extends PartialType(SettingsFieldsDto) {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    writeOnly: true,
    description: 'TLS pre-shared key: 32 to 512 hex digits; null clears it. Never returned.',
  })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @IsString()
  @Matches(/^[0-9a-fA-F]{32,512}$/, { message: 'tlsPsk must be 32 to 512 hexadecimal digits' })
  tlsPsk?: string | null;

  @ApiPropertyOptional({
    writeOnly: true,
    description: 'SNMPv3 authentication passphrase (or a user macro). Never returned.',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  snmpAuthpassphrase?: string;

  @ApiPropertyOptional({
    writeOnly: true,
    description: 'SNMPv3 privacy passphrase (or a user macro). Never returned.',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  snmpPrivpassphrase?: string;

  @ApiPropertyOptional({
    writeOnly: true,
    description: 'SNMPv1/v2c community (or a user macro). Never returned.',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  snmpCommunity?: string;
}
