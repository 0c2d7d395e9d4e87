import { ApiProperty } from '@nestjs/swagger';
import { EVENT_LOG_LEVELS } from '@lib/models';

/** One event log row: what the system did and why (written when the setting `eventLogEnabled` is on). */
export class EventLogEntry {
  @ApiProperty({ description: 'bigint as a string' })
  id!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;

  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: EVENT_LOG_LEVELS })
  level!: string;

  @ApiProperty()
  message!: string;

  @ApiProperty({ type: String, nullable: true })
  correlationId!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  jobId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  hostKey!: string | null;

  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true })
  data!: Record<string, unknown> | null;

  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true })
  preData!: Record<string, unknown> | null;

  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true })
  postData!: Record<string, unknown> | null;

  @ApiProperty({ type: String, nullable: true })
  exception!: string | null;
}

export class EventLogPage {
  @ApiProperty({ type: [EventLogEntry] })
  items!: EventLogEntry[];

  @ApiProperty()
  total!: number;

  @ApiProperty()
  limit!: number;

  @ApiProperty()
  offset!: number;
}
