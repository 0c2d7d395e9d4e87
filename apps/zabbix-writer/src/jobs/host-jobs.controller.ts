import { Controller, UseFilters } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Subjects, type HostDeleteJobPayload, type HostUpsertJobPayload } from '@lib/contracts';
import { JetStreamContext, JetStreamExceptionFilter } from '@lib/messaging';
import { HostDeleteService } from '../hosts/host-delete.service';
import { deleteJobIdentity, upsertJobIdentity } from './domain/job-result';
import { HostJobBatcher } from './host-job-batcher';
import { JobExecutionService } from './job-execution.service';
import { JobSecrets } from './job-secrets.service';

/**
 * The writer's jobs: each one delegates to its service through the result-reporting runner. Upserts go
 * through the batcher, which writes the jobs in hand together and hands each its own outcome.
 */
@Controller()
@UseFilters(JetStreamExceptionFilter)
export class HostJobsController {
  constructor(
    private readonly execution: JobExecutionService,
    private readonly upserts: HostJobBatcher,
    private readonly deletes: HostDeleteService,
    private readonly secrets: JobSecrets,
  ) {}

  @EventPattern(Subjects.hostUpsertJob)
  onHostUpsert(@Payload() job: HostUpsertJobPayload, @Ctx() context: JetStreamContext): Promise<void> {
    return this.execution.execute(upsertJobIdentity(job), context, (log) =>
      this.upserts.upsert(this.secrets.open(job), log),
    );
  }

  @EventPattern(Subjects.hostDeleteJob)
  onHostDelete(@Payload() job: HostDeleteJobPayload, @Ctx() context: JetStreamContext): Promise<void> {
    return this.execution.execute(deleteJobIdentity(job), context, (log) => this.deletes.delete(job, log));
  }
}
