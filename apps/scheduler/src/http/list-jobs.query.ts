import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { JOB_STATUSES, type JobStatus } from '@lib/models';
import { PageQuery } from './page.query';

/** Query of `GET /api/jobs`. */
export class ListJobsQuery extends PageQuery {
  @IsOptional()
  @IsString()
  @MaxLength(64)
  kind?: string;

  @IsOptional()
  @IsIn(JOB_STATUSES)
  status?: JobStatus;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  hostKey?: string;
}
