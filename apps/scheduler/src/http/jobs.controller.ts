import { Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
} from '@nestjs/swagger';
import { ManagementApi } from '../api/management-api.decorator';
import { JobCatalog, type JobPage } from '../system-jobs/job-catalog.service';
import { JobRetryService } from '../system-jobs/job-retry.service';
import { type RetryStarted } from '../system-jobs/host-job-retry.service';
import { type JobView } from '../system-jobs/job-view';
import { apiValidationPipe } from './api-validation.pipe';
import { ListJobsQuery } from './list-jobs.query';
import { JobPageSchema, JobViewSchema, RetryStartedSchema } from './job.views';
import { ApiUser } from './request-user';

/** Jobs of every kind (host, system, dead letters). Payloads and secrets are never returned. */
@ManagementApi('jobs')
@Controller('api')
export class JobsController {
  constructor(
    private readonly catalog: JobCatalog,
    private readonly retries: JobRetryService,
  ) {}

  @Get('jobs')
  @ApiOkResponse({ type: JobPageSchema })
  jobs(@Query(apiValidationPipe()) query: ListJobsQuery): Promise<JobPage> {
    return this.catalog.list(query);
  }

  /** Status, progress, times, duration, result summary, error. */
  @Get('jobs/:id')
  @ApiOkResponse({ type: JobViewSchema })
  @ApiNotFoundResponse()
  job(@Param('id', ParseUUIDPipe) id: string): Promise<JobView> {
    return this.catalog.get(id);
  }

  /** 202 with the new job's id; 404 unknown job, 409 not failed, or its kind cannot be retried now. */
  @Post('jobs/:id/retry')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: RetryStartedSchema })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'not failed, a job of its host in flight, one of its kind running' })
  retry(@Param('id', ParseUUIDPipe) id: string, @ApiUser() user: string | null): Promise<RetryStarted> {
    return this.retries.retry(id, user);
  }
}
