import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { MaintenanceFieldsDto } from './maintenance-fields.dto';

/** Body of `PATCH /api/maintenances/:id`: what is given replaces what was (a target list as a whole). */
export class UpdateMaintenanceDto extends MaintenanceFieldsDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 128 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  name?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  endTime?: string;
}
