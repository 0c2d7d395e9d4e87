import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, UsePipes } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
} from '@nestjs/swagger';
import { ManagementApi } from '../api/management-api.decorator';
import { SystemJobService, type SystemJobOverview } from '../system-jobs/system-job.service';
import { apiValidationPipe } from './api-validation.pipe';
import { JobStartedSchema, SystemJobListSchema } from './job.views';
import { ApiUser } from './request-user';
import { RunSystemJobDto } from './run-system-job.dto';

/**
 * The system jobs: their schedules and last runs, and starting one now. A started job's progress is at
 * `GET /api/jobs/:id`.
 */
@ManagementApi('system jobs')
@Controller('api/system-jobs')
@UsePipes(apiValidationPipe())
export class SystemJobsController {
  constructor(private readonly systemJobs: SystemJobService) {}

  @Get()
  @ApiOkResponse({ type: SystemJobListSchema })
  async list(): Promise<{ systemJobs: SystemJobOverview[] }> {
    return { systemJobs: await this.systemJobs.overview() };
  }

  /** 202 with the job id; 400 a bad parameter, 404 an unknown kind, 409 one of the kind in flight. */
  @Post(':kind/run')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: JobStartedSchema })
  @ApiNotFoundResponse({ description: 'unknown kind' })
  @ApiConflictResponse({ description: 'one of the kind is pending or running (`jobId` names it)' })
  run(
    @Param('kind') kind: string,
    @Body() body: RunSystemJobDto = {},
    @ApiUser() user: string | null,
  ): Promise<{ jobId: string }> {
    return this.systemJobs.run(kind, { ...body }, user);
  }
}
