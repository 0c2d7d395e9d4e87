import { Controller, UseFilters } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { HOST_CHECK_JOB_KIND, hostCheckKey, Subjects, type HostCheckJobPayload } from '@lib/contracts';
import { JetStreamContext, JetStreamExceptionFilter } from '@lib/messaging';
import { HostCheckService } from '../hosts/host-check.service';
import { JobExecutionService } from './job-execution.service';

/** Batch checks (HostConfigSyncRefresh), through the same result-reporting runner as host jobs. */
@Controller()
@UseFilters(JetStreamExceptionFilter)
export class HostChecksController {
  constructor(
    private readonly execution: JobExecutionService,
    private readonly checks: HostCheckService,
  ) {}

  @EventPattern(Subjects.hostCheckJob)
  onHostCheck(@Payload() job: HostCheckJobPayload, @Ctx() context: JetStreamContext): Promise<void> {
    const identity = {
      jobId: job.jobId,
      kind: HOST_CHECK_JOB_KIND,
      hostKey: hostCheckKey(job.hosts.length),
      revision: job.revision,
    } as const;
    return this.execution.execute(identity, context, (log) => this.checks.checkAll(job, log));
  }
}
