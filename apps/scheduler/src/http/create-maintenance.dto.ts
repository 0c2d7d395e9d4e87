import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, IsString, MaxLength, MinLength } from 'class-validator';
import { MaintenanceFieldsDto } from './maintenance-fields.dto';

/** Body of `POST /api/maintenances`. */
export class CreateMaintenanceDto extends MaintenanceFieldsDto {
  /** Unique; Zabbix allows 128 characters. */
  @ApiProperty({ minLength: 1, maxLength: 128 })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  name!: string;

  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true })
  endTime!: string;
}
