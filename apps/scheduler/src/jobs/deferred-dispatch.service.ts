import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, IsNull, LessThanOrEqual } from 'typeorm';
import { HostConfig, HostConfigRepository, type Job } from '@lib/models';
import { JobPublication } from './job-publication.service';
import { NextJobPlanner } from './next-job-planner.service';
import { PeriodicService } from './periodic-sweep';

const SWEEP_INTERVAL_MS = 200;
const BATCH = 200;

/** Sends the follow-up jobs the settle window held back, once they are due. */
@Injectable()
export class DeferredDispatchService extends PeriodicService {
  private readonly logger = new Logger(DeferredDispatchService.name);

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly planner: NextJobPlanner,
    private readonly publication: JobPublication,
  ) {
    super();
  }

  protected interval(): number {
    return SWEEP_INTERVAL_MS;
  }

  protected runOnce(): Promise<unknown> {
    return this.sweep();
  }

  /** One pass: returns how many held-back jobs were sent. */
  async sweep(now = new Date()): Promise<number> {
    let sent = 0;
    try {
      const due = await this.dataSource.getRepository(HostConfig).find({
        select: { id: true },
        where: { dispatchAfter: LessThanOrEqual(now), activeJobId: IsNull() },
        order: { dispatchAfter: 'ASC' },
        take: BATCH,
      });
      for (const { id } of due) {
        const job = await this.dataSource.transaction(async (manager): Promise<Job | null> => {
          const hostConfig = await new HostConfigRepository(manager).lockById(id);
          if (
            !hostConfig?.dispatchAfter ||
            hostConfig.dispatchAfter > now ||
            hostConfig.activeJobId !== null
          ) {
            return null;
          }
          // Something is waiting to go out: whatever the revision, the newest state is sent.
          return this.planner.planNext(
            manager,
            hostConfig,
            hostConfig.desiredRevision - 1,
            {
              correlationId: hostConfig.lastCorrelationId ?? `deferred:${hostConfig.id}`,
              username: null,
            },
            now,
          );
        });
        if (job) {
          await this.publication.publish(job);
          sent += 1;
        }
      }
    } catch (error) {
      this.logger.warn(
        `deferred dispatch sweep failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return sent;
  }
}
