import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { JOB_STATUSES, type JobStatus } from '@lib/models';
import { PageQuery } from './page.query';

/** Query of `GET /api/jobs`. */
export class ListJobsQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'UpdateZabbixHost' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  kind?: string;

  @ApiPropertyOptional({ enum: JOB_STATUSES })
  @IsOptional()
  @IsIn(JOB_STATUSES)
  status?: JobStatus;

  @ApiPropertyOptional({ example: 'dcim.device:42' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  hostKey?: string;
}
