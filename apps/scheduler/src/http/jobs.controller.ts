import {
  BadRequestException,
  Controller,
  DefaultValuePipe,
  Get,
  Inject,
  NotFoundException,
  Param,
  ParseIntPipe,
  ParseUUIDPipe,
  Query,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HostConfig, Job, JOB_STATUSES, type JobStatus } from '@lib/models';

/** Read-only job monitoring and host configs. Job payloads may hold PSKs: they are never returned. */
@Controller('api')
export class JobsController {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  @Get('jobs')
  async jobs(
    @Query('status') status: string | undefined,
    @Query('hostKey') hostKey: string | undefined,
    @Query('limit', new DefaultValuePipe(100), ParseIntPipe) limit: number,
  ): Promise<{ jobs: Omit<Job, 'payload'>[] }> {
    const where: { status?: JobStatus; hostKey?: string } = {};
    if (status !== undefined) {
      if (!(JOB_STATUSES as readonly string[]).includes(status)) {
        throw new BadRequestException(`status must be one of ${JOB_STATUSES.join(', ')}`);
      }
      where.status = status as JobStatus;
    }
    if (hostKey !== undefined) where.hostKey = hostKey;
    const jobs = await this.dataSource.getRepository(Job).find({
      where,
      order: { createdAt: 'DESC' },
      take: Math.min(Math.max(limit, 1), 1000),
    });
    return { jobs: jobs.map(withoutPayload) };
  }

  @Get('jobs/:id')
  async job(@Param('id', ParseUUIDPipe) id: string): Promise<Omit<Job, 'payload'>> {
    const job = await this.dataSource.getRepository(Job).findOneBy({ id });
    if (!job) throw new NotFoundException(`no job ${id}`);
    return withoutPayload(job);
  }

  @Get('host-configs/:id')
  async hostConfig(@Param('id', ParseIntPipe) id: number): Promise<HostConfig> {
    const hostConfig = await this.dataSource.getRepository(HostConfig).findOne({
      where: { id },
      relations: { hostGroups: true, templates: true, agentInterfaces: true, snmpInterfaces: true },
    });
    if (!hostConfig) throw new NotFoundException(`no host config ${id}`);
    if (hostConfig.desiredState) {
      const { tlsPsk: _secret, ...visible } = hostConfig.desiredState;
      hostConfig.desiredState = visible;
    }
    return hostConfig;
  }
}

function withoutPayload(job: Job): Omit<Job, 'payload'> {
  const { payload: _payload, ...rest } = job;
  return rest;
}
