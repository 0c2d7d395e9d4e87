import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Job, SystemJobRepository } from '@lib/models';
import { unexpectedParameters } from './domain/system-job-parameters';
import { isPeriodic } from './domain/system-job-schedule';
import { jobView, type JobView } from './job-view';
import { isSystemJobKind, SystemJobLauncher } from './system-job-launcher.service';
import { SYSTEM_JOB_KINDS, type SystemJobKind } from './system-job-runner';

export interface SystemJobOverview {
  readonly kind: SystemJobKind;
  /** This scheduler has a runner for it. */
  readonly available: boolean;
  readonly periodic: boolean;
  readonly intervalMinutes: number | null;
  readonly nextRunAt: Date | null;
  readonly lastRunAt: Date | null;
  /** The newest job of the kind, however it was started. */
  readonly lastJob: JobView | null;
}

/** The system jobs as the management API shows and starts them. */
@Injectable()
export class SystemJobService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly launcher: SystemJobLauncher,
  ) {}

  async overview(): Promise<SystemJobOverview[]> {
    const schedules = new Map(
      (await new SystemJobRepository(this.dataSource.manager).listSchedules()).map((row) => [row.kind, row]),
    );
    const available = this.launcher.kinds();
    return Promise.all(
      SYSTEM_JOB_KINDS.map(async (kind) => {
        const schedule = schedules.get(kind);
        const last = await this.dataSource
          .getRepository(Job)
          .findOne({ where: { kind }, order: { createdAt: 'DESC' } });
        return {
          kind,
          available: available.includes(kind),
          periodic: isPeriodic(kind),
          intervalMinutes: schedule?.intervalMinutes ?? null,
          nextRunAt: schedule?.nextRunAt ?? null,
          lastRunAt: schedule?.lastRunAt ?? null,
          lastJob: last ? jobView(last) : null,
        };
      }),
    );
  }

  /** Starts a job of the kind now; 404 unknown kind, 400 a parameter it does not take, 409 one in flight. */
  async run(
    kind: string,
    parameters: Record<string, unknown>,
    username: string | null,
  ): Promise<{ jobId: string }> {
    if (!isSystemJobKind(kind)) {
      throw new NotFoundException(`no system job ${kind}; there are ${SYSTEM_JOB_KINDS.join(', ')}`);
    }
    if (!this.launcher.kinds().includes(kind))
      throw new NotFoundException(`this scheduler cannot run ${kind}`);
    const unexpected = unexpectedParameters(kind, parameters);
    if (unexpected.length > 0) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: unexpected.map((name) => `${name} is not a parameter of ${kind}`),
        fields: unexpected,
      });
    }
    const defined = Object.fromEntries(Object.entries(parameters).filter(([, value]) => value !== undefined));
    const job = await this.dataSource.transaction(async (manager) => {
      const created = await this.launcher.create(manager, {
        kind,
        trigger: 'api',
        username,
        parameters: defined,
        retryOfJobId: null,
      });
      if (!created) {
        const running = await new SystemJobRepository(manager).findInFlight(kind);
        throw new ConflictException({
          statusCode: 409,
          error: 'Conflict',
          message: `a ${kind} job is already ${running?.status ?? 'running'}`,
          jobId: running?.id ?? null,
        });
      }
      return created;
    });
    this.launcher.start(job);
    return { jobId: job.id };
  }
}
