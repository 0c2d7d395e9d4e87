import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { EVENT_LOG_LEVELS, type EventLogLevel } from '@lib/models';
import { PageQuery } from '../http/page.query';

/** Query of `GET /api/event-log`. */
export class ListEventLogQuery extends PageQuery {
  @ApiPropertyOptional({ enum: EVENT_LOG_LEVELS })
  @IsOptional()
  @IsIn(EVENT_LOG_LEVELS)
  level?: EventLogLevel;

  @ApiPropertyOptional({ description: 'part of the name, any case' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  name?: string;

  @ApiPropertyOptional({ example: 'dcim.device:42' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  hostKey?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  jobId?: string;

  @ApiPropertyOptional({ description: "the NetBox request id (or a sync's correlation id)" })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  correlationId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'written at or after' })
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'written before' })
  @IsOptional()
  @IsISO8601({ strict: true })
  until?: string;
}
