import {
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  NotFoundException,
  Param,
  ParseIntPipe,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ManagementApi } from '../api/management-api.decorator';
import { withoutHostSecrets } from '@lib/contracts';
import { HostConfig } from '@lib/models';
import { JobCatalog, type JobPage } from '../system-jobs/job-catalog.service';
import { JobRetryService } from '../system-jobs/job-retry.service';
import { type RetryStarted } from '../system-jobs/host-job-retry.service';
import { type JobView } from '../system-jobs/job-view';
import { apiValidationPipe } from './api-validation.pipe';
import { ListJobsQuery } from './list-jobs.query';
import { ApiUser } from './request-user';

/** Jobs of every kind (host, system, dead letters) and host configs. Payloads and PSKs are never returned. */
@ManagementApi('jobs')
@Controller('api')
export class JobsController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly catalog: JobCatalog,
    private readonly retries: JobRetryService,
  ) {}

  @Get('jobs')
  jobs(@Query(apiValidationPipe()) query: ListJobsQuery): Promise<JobPage> {
    return this.catalog.list(query);
  }

  /** Status, progress, times, duration, result summary, error. */
  @Get('jobs/:id')
  job(@Param('id', ParseUUIDPipe) id: string): Promise<JobView> {
    return this.catalog.get(id);
  }

  /** 202 with the new job's id; 404 unknown job, 409 not failed, or its kind cannot be retried now. */
  @Post('jobs/:id/retry')
  @HttpCode(HttpStatus.ACCEPTED)
  retry(@Param('id', ParseUUIDPipe) id: string, @ApiUser() user: string | null): Promise<RetryStarted> {
    return this.retries.retry(id, user);
  }

  @Get('host-configs/:id')
  async hostConfig(@Param('id', ParseIntPipe) id: number): Promise<HostConfig> {
    const hostConfig = await this.dataSource.getRepository(HostConfig).findOne({
      where: { id },
      relations: { hostGroups: true, templates: true, agentInterfaces: true, snmpInterfaces: true },
    });
    if (!hostConfig) throw new NotFoundException(`no host config ${id}`);
    if (hostConfig.desiredState) hostConfig.desiredState = withoutHostSecrets(hostConfig.desiredState);
    return hostConfig;
  }
}
