import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, type FindOptionsWhere } from 'typeorm';
import { Job, type JobStatus } from '@lib/models';
import { jobView, type JobView } from './job-view';

export interface JobFilter {
  readonly kind?: string;
  readonly status?: JobStatus;
  readonly hostKey?: string;
  readonly limit: number;
  readonly offset: number;
}

export interface JobPage {
  readonly jobs: JobView[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

/** Reading jobs for the management API: newest first, filtered, paged. */
@Injectable()
export class JobCatalog {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async list(filter: JobFilter): Promise<JobPage> {
    const where: FindOptionsWhere<Job> = {};
    if (filter.kind !== undefined) where.kind = filter.kind;
    if (filter.status !== undefined) where.status = filter.status;
    if (filter.hostKey !== undefined) where.hostKey = filter.hostKey;
    const [jobs, total] = await this.dataSource.getRepository(Job).findAndCount({
      where,
      order: { createdAt: 'DESC', id: 'ASC' },
      take: filter.limit,
      skip: filter.offset,
    });
    return { jobs: jobs.map(jobView), total, limit: filter.limit, offset: filter.offset };
  }

  async get(id: string): Promise<JobView> {
    const job = await this.dataSource.getRepository(Job).findOneBy({ id });
    if (!job) throw new NotFoundException(`no job ${id}`);
    return jobView(job);
  }
}
